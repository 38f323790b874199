import { formatAmount, type Product } from '@lianlian-checkout/protocol';
import type { Row } from './driver.js';
import { contexts, openRecord, sealPersonal } from './personal.js';
import type { NewOrder, Order, OrderEvent, OrderStatus, OutboxMessage, Refund, RefundStatus } from './types.js';
import type { Vault } from './vault.js';

/** Row ⇄ object mapping. PostgreSQL returns BIGINT as strings, hence `Number()` everywhere. */
const num = (v: unknown): number => Number(v);
const date = (v: unknown): Date => new Date(Number(v));
const optDate = (v: unknown): Date | undefined => (v === null || v === undefined ? undefined : date(v));
const optStr = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : (v as string));
const json = (v: unknown): Record<string, unknown> => JSON.parse(v as string) as Record<string, unknown>;

export const ORDER_COLUMNS =
  'no_order, product, amount_fen, name_goods, user_id, busi_partner, dt_order, info_order, url_order, ' +
  'valid_order_minutes, customer_ip, risk_item, extra, status, created_at, updated_at, expires_at, ' +
  'checkout_token_hash, checkout_token_expires_at, oid_paybill, refunded_fen, signed_at';

/** Personal data is sealed here (docs/ledger.md): the whole risk_item, and the personal product extras. */
export function orderInsertParams(o: NewOrder, vault: Vault): unknown[] {
  const riskItem = o.riskItem ? vault.seal(JSON.stringify(o.riskItem), contexts.riskItem(o.noOrder)) : null;
  return [
    o.noOrder, o.product, o.amountFen, o.nameGoods, o.userId, o.busiPartner, o.dtOrder, o.infoOrder ?? null,
    o.urlOrder ?? null, o.validOrderMinutes, o.customerIp ?? null, riskItem,
    JSON.stringify(sealPersonal(vault, o.extra, contexts.extra(o.noOrder))), 'created', o.createdAt.getTime(), o.createdAt.getTime(), o.expiresAt.getTime(),
    o.checkoutTokenHash, o.checkoutTokenExpiresAt.getTime(), null, 0,
  ];
}

export function toOrder(r: Row, vault: Vault): Order {
  const noOrder = String(r.no_order);
  return {
    noOrder,
    product: String(r.product) as Product,
    amountFen: num(r.amount_fen),
    nameGoods: String(r.name_goods),
    userId: String(r.user_id),
    busiPartner: String(r.busi_partner),
    dtOrder: String(r.dt_order),
    infoOrder: optStr(r.info_order),
    urlOrder: optStr(r.url_order),
    validOrderMinutes: num(r.valid_order_minutes),
    customerIp: optStr(r.customer_ip),
    riskItem: r.risk_item === null || r.risk_item === undefined ? undefined : json(vault.open(r.risk_item as string, contexts.riskItem(noOrder))),
    extra: openRecord(vault, json(r.extra), contexts.extra(noOrder)) as Record<string, string>,
    status: String(r.status) as OrderStatus,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
    expiresAt: date(r.expires_at),
    checkoutTokenHash: String(r.checkout_token_hash),
    checkoutTokenExpiresAt: date(r.checkout_token_expires_at),
    oidPaybill: optStr(r.oid_paybill),
    refundedFen: num(r.refunded_fen),
    signedAt: optDate(r.signed_at),
  };
}

export function toEvent(r: Row, vault: Vault): OrderEvent {
  const noOrder = String(r.no_order);
  return { id: String(r.seq), noOrder, type: String(r.type), at: date(r.at), data: openRecord(vault, json(r.data), contexts.event(noOrder)) };
}

export function toOutbox(r: Row): OutboxMessage {
  return {
    id: String(r.id),
    noOrder: String(r.no_order),
    type: String(r.type),
    body: String(r.body),
    createdAt: date(r.created_at),
    attempts: num(r.attempts),
    nextAttemptAt: date(r.next_attempt_at),
    deliveredAt: optDate(r.delivered_at),
    lastError: optStr(r.last_error),
  };
}

export function toRefund(r: Row): Refund {
  return {
    noRefund: String(r.no_refund),
    noOrder: String(r.no_order),
    amountFen: num(r.amount_fen),
    dtRefund: String(r.dt_refund),
    status: String(r.status) as RefundStatus,
    oidRefundno: optStr(r.oid_refundno),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

/** The order as the shop sees it in webhooks: wire amounts, snake_case, no token hash. */
export function shopOrderView(o: Order): Record<string, unknown> {
  return {
    no_order: o.noOrder,
    status: o.status,
    amount: formatAmount(o.amountFen),
    refunded_amount: o.refundedFen > 0 ? formatAmount(o.refundedFen) : '0.00',
    product: o.product,
    user_id: o.userId,
    oid_paybill: o.oidPaybill ?? null,
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
  };
}
