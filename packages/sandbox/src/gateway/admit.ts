import type { SandboxContext } from '../context.js';
import { refuse, RET } from '../lianlian/codes.js';
import { instrumentFor, type Gateway } from '../lianlian/products.js';
import { addEvent } from '../payments.js';
import { Store, type Order } from '../store.js';
import { checkDuplicate, checkLimits, checkSource, checkTimestamp, fingerprint } from './checks.js';
import { checkFields } from './fields.js';
import { requireMerchant, verifySignature } from './verify.js';

export interface Source {
  readonly origin: string | undefined;
  readonly referer: string | undefined;
}

/**
 * Runs LianLian's checks on a redirect request in the order a merchant meets them, then opens (or
 * resumes) the order. Every refusal is a `LianLianRefusal` with LianLian's ret_code.
 */
export function admit(ctx: SandboxContext, gateway: Gateway, fields: Record<string, string>, source: Source): Order {
  const merchant = requireMerchant(ctx.merchants, fields);
  verifySignature(merchant, fields);
  if (!merchant.products.has(gateway.product)) {
    throw refuse(RET.NO_PRODUCT_ACCESS, `Merchant ${merchant.oidPartner} has no proper product access for "${gateway.product}" (${gateway.path}). Add it to the merchant's products.`);
  }
  checkSource(merchant, source.origin, source.referer);
  const checked = checkFields(gateway, fields);
  const now = ctx.now();
  if (checked.timestamp !== undefined) checkTimestamp(checked.timestamp, now);
  const expiresAt = new Date(checked.dtOrder.getTime() + checked.validMinutes * 60_000);
  if (now.getTime() > expiresAt.getTime()) {
    throw refuse(RET.ORDER_CLOSED, `The order expired at dt_order + valid_order (${checked.validMinutes} min); create a new order.`);
  }
  const key = Store.orderKey(merchant.oidPartner, fields.no_order);
  const existing = ctx.store.orders.get(key);
  const print = fingerprint(fields);
  checkDuplicate(existing, print);
  checkLimits(ctx.store, { merchant, product: gateway.product, userId: fields.user_id, amountFen: checked.amountFen, now });
  if (existing) {
    if (existing.resultPay === 'FAILURE') existing.resultPay = 'WAITING';
    addEvent(ctx, existing, 'resubmitted');
    return existing;
  }
  const { sign: _sign, ...received } = fields;
  const order: Order = {
    id: Store.newId(), oidPaybill: `${fields.dt_order.slice(0, 8)}${String(ctx.store.nextSeq()).padStart(8, '0')}`,
    gateway, oidPartner: merchant.oidPartner, noOrder: fields.no_order, fields: received, fingerprint: print,
    amountFen: checked.amountFen, signType: fields.sign_type === 'MD5' ? 'MD5' : 'RSA', createdAt: now, expiresAt,
    resultPay: 'WAITING', instrument: instrumentFor(gateway, checked.requestedPayType, checked.bankCode),
    requestedPayType: checked.requestedPayType, payType: checked.payType, bankCode: checked.bankCode, noAgree: undefined, cardMasked: undefined,
    settleDate: undefined, paidAt: undefined, refundedFen: 0, heldNotification: false, events: [],
  };
  ctx.store.orders.set(key, order);
  addEvent(ctx, order, 'created', gateway.path);
  return order;
}
