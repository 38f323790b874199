import type { SandboxContext } from '../context.js';
import { fingerprint } from '../gateway/checks.js';
import { invalidParam, refuse, RET } from '../lianlian/codes.js';
import { parseFen, wireAmount, type AmountFormat } from '../lianlian/money.js';
import { beijingDay } from '../lianlian/time.js';
import { addEvent, notifyRefund, releaseHeldPayment } from '../payments.js';
import { Store, type Refund } from '../store.js';
import { lookupOrder, requireStamp } from './lookup.js';

/** The refund apply/query response body before signing (spec §6.2, §6.3). */
export function refundResponse(format: AmountFormat, r: Refund): Record<string, string> {
  return {
    ret_code: RET.OK.code, ret_msg: RET.OK.msg, oid_partner: r.oidPartner, sign_type: r.signType,
    no_refund: r.noRefund, dt_refund: r.dtRefund, money_refund: wireAmount(format, r.fen, r.moneyRefund), oid_refundno: r.oidRefundno,
    sta_refund: r.staRefund, settle_date: r.settleDate,
  };
}

function checkUrl(value: string | undefined): string {
  try {
    if (value && /^https?:$/.test(new URL(value).protocol)) return value;
  } catch {
    // falls through to the refusal
  }
  throw invalidParam('notify_url', 'notify_url is required: the full http(s) URL for the refund notification.');
}

/**
 * `/refund.htm`: accepted as processing (`sta_refund` 1), settled at once, then notified to the
 * refund's own notify_url. A payment notification held by `refund_out_of_order` follows it.
 */
export function applyRefund(ctx: SandboxContext, oidPartner: string, f: Record<string, string>): Record<string, string> {
  const noRefund = f.no_refund;
  if (!noRefund || noRefund.length > 32) throw invalidParam('no_refund', 'no_refund is required: your refund id (≤32 chars), different from no_order.');
  const dtRefund = requireStamp(f, 'dt_refund');
  const fen = parseFen(f.money_refund ?? '', 'money_refund');
  const notifyUrl = checkUrl(f.notify_url);
  const key = Store.orderKey(oidPartner, noRefund);
  const existing = ctx.store.refunds.get(key);
  if (existing) {
    if (existing.fingerprint !== fingerprint(f)) throw refuse(RET.DUPLICATE_ORDER, `no_refund ${noRefund} was already used with different content.`);
    return refundResponse(ctx.settings.amountFormat, existing);
  }
  const order = lookupOrder(ctx.store, oidPartner, f, RET.ORIGINAL_NOT_FOUND);
  if (order.resultPay !== 'SUCCESS' && order.resultPay !== 'REFUND') throw refuse(RET.ORIGINAL_NOT_SUCCESS, `Order ${order.noOrder} is ${order.resultPay}, not paid.`);
  if (fen <= 0) throw refuse(RET.REFUND_AMOUNT_WRONG, 'money_refund must be at least 0.01.');
  if (order.refundedFen + fen > order.amountFen) throw refuse(RET.REFUND_EXCEEDS, `Refunds would total more than the order's ${order.fields.money_order} CNY.`);
  const refund: Refund = {
    oidPartner, noOrder: order.noOrder, noRefund, dtRefund, moneyRefund: f.money_refund, fen,
    oidRefundno: `${beijingDay(ctx.now())}${String(ctx.store.nextSeq()).padStart(8, '0')}`, notifyUrl,
    signType: f.sign_type === 'MD5' ? 'MD5' : 'RSA', fingerprint: fingerprint(f), staRefund: '1', settleDate: beijingDay(ctx.now()),
  };
  ctx.store.refunds.set(key, refund);
  const response = refundResponse(ctx.settings.amountFormat, refund);
  refund.staRefund = '2';
  ctx.store.saveRefund(refund);
  order.refundedFen += fen;
  if (order.refundedFen === order.amountFen) order.resultPay = 'REFUND';
  addEvent(ctx, order, 'refunded', `${refund.moneyRefund} (${noRefund})`);
  notifyRefund(ctx, refund, () => releaseHeldPayment(ctx, order));
  return response;
}
