import { signAsLianLian, type SandboxContext } from '../context.js';
import { findFault, faultsFor } from '../faults.js';
import { wireAmount, type AmountFormat } from '../lianlian/money.js';
import type { ReturnForm } from '../pages/result-pages.js';
import type { Order, Refund } from '../store.js';

type Ctx = Pick<SandboxContext, 'lianlianKey' | 'merchants' | 'faults' | 'settings'>;

const compact = (o: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined));

/** `money_order` as LianLian writes it (spec §9), or the merchant's own string in `echo` mode. */
export function orderAmount(format: AmountFormat, order: Order): string {
  return wireAmount(format, order.amountFen, order.fields.money_order);
}

/**
 * The fields LianLian reports for a paid order (spec §5, online banking list). `info_order` is
 * echoed even when empty, as in the spec's sample, so a merchant's empty-field handling is tested.
 */
export function paymentFields(format: AmountFormat, order: Order): Record<string, string> {
  return compact({
    oid_partner: order.oidPartner, sign_type: order.signType, no_order: order.noOrder,
    dt_order: order.fields.dt_order, oid_paybill: order.oidPaybill, money_order: orderAmount(format, order),
    result_pay: 'SUCCESS', settle_date: order.settleDate, info_order: order.fields.info_order ?? '',
    pay_type: order.payType, bank_code: order.bankCode, no_agree: order.noAgree,
  });
}

/**
 * What the buyer's browser carries back to `url_return` (spec §4): flat fields for web and
 * aggregate; Easy Pay swaps `result_pay` for `ret_code`/`ret_msg`; H5 sends one `res_data` JSON.
 */
export function buildReturn(ctx: Ctx, order: Order): ReturnForm | undefined {
  const action = order.fields.url_return;
  if (action === undefined || action === '' || findFault(faultsFor(ctx.faults, order.noOrder), 'drop_return')) return undefined;
  const all = paymentFields(ctx.settings.amountFormat, order);
  if (order.gateway.reqData) {
    const { oid_partner, dt_order, no_order, oid_paybill, money_order, result_pay, settle_date, sign_type } = all;
    const signed = signAsLianLian(ctx, order.oidPartner, compact({ oid_partner, dt_order, no_order, oid_paybill, money_order, result_pay, settle_date, sign_type }));
    // syschnotify_flag: 0 (default) returns only when the buyer taps back, 1 redirects (spec §3.4).
    return { action, fields: { res_data: JSON.stringify(signed) }, auto: order.fields.syschnotify_flag === '1' };
  }
  const { no_agree: _noAgree, ...web } = all;
  if (order.gateway.product === 'easypay') {
    const { result_pay: _resultPay, ...rest } = web;
    return { action, fields: signAsLianLian(ctx, order.oidPartner, { ...rest, ret_code: '0000', ret_msg: '支付成功' }), auto: true };
  }
  return { action, fields: signAsLianLian(ctx, order.oidPartner, web), auto: true };
}

/** Refund notification body (spec §5 "Fields: refund"); the sample also carries ret_code/ret_msg. */
export function refundFields(format: AmountFormat, refund: Refund): Record<string, string> {
  return {
    oid_partner: refund.oidPartner, sign_type: refund.signType, no_refund: refund.noRefund, dt_refund: refund.dtRefund,
    money_refund: wireAmount(format, refund.fen, refund.moneyRefund), oid_refundno: refund.oidRefundno, sta_refund: refund.staRefund,
    settle_date: refund.settleDate, ret_code: '0000', ret_msg: '交易成功',
  };
}
