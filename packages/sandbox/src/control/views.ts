import { isExpired } from '../gateway/checks.js';
import type { Order, Refund } from '../store.js';

/** A plain state name for people and tests; `result_pay` stays LianLian's own value. */
export function orderState(order: Order, now: Date): string {
  if (order.resultPay === 'WAITING' && isExpired(order, now)) return 'closed';
  return order.resultPay.toLowerCase();
}

function describeRefund(r: Refund): Record<string, unknown> {
  return { no_refund: r.noRefund, dt_refund: r.dtRefund, money_refund: r.moneyRefund, oid_refundno: r.oidRefundno, sta_refund: r.staRefund, notify_url: r.notifyUrl };
}

/** The control API's JSON view of an order (no signature, masked card). */
export function describeOrder(order: Order, refunds: Iterable<Refund>, now: Date): Record<string, unknown> {
  const f = order.fields;
  return {
    no_order: order.noOrder, oid_partner: order.oidPartner, product: order.gateway.product, path: order.gateway.path,
    oid_paybill: order.oidPaybill, money_order: f.money_order, name_goods: f.name_goods, user_id: f.user_id,
    dt_order: f.dt_order, sign_type: order.signType, result_pay: order.resultPay, state: orderState(order, now),
    pay_type: order.payType, bank_code: order.bankCode ?? null, card_no: order.cardMasked ?? null,
    settle_date: order.settleDate ?? null, notify_url: f.notify_url, url_return: f.url_return ?? null,
    created_at: order.createdAt.toISOString(), expires_at: order.expiresAt.toISOString(),
    paid_at: order.paidAt?.toISOString() ?? null, refunded: order.refundedFen / 100,
    notification_held: order.heldNotification, cashier_url: `/cashier/${order.id}`,
    refunds: [...refunds].filter((r) => r.oidPartner === order.oidPartner && r.noOrder === order.noOrder).map(describeRefund),
    events: order.events,
  };
}
