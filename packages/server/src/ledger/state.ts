/** Where an order stands; only `nextStatus` moves it. */
export type OrderStatus = 'created' | 'pending' | 'paid' | 'failed' | 'expired' | 'refunded';

/**
 * The order status state machine: pure, total, monotonic. Every writer (notify, order query,
 * refunds, expiry, checkout signing) goes through it inside its transaction, so `paid` never
 * returns to `pending` and `refunded` is only reachable from `paid`.
 */
export type StatusEvent =
  /** A signed payload was handed to the widget. */
  | 'checkout_signed'
  /** LianLian confirmed the payment (verified notify or order query `SUCCESS`). */
  | 'payment_succeeded'
  /** LianLian's order query says `FAILURE`. */
  | 'payment_failed'
  /** `valid_order` elapsed without a payment. */
  | 'order_expired'
  /** Successful refunds now add up to the whole amount (or LianLian's query says `REFUND`). */
  | 'fully_refunded';

const TRANSITIONS: Readonly<Record<StatusEvent, Partial<Record<OrderStatus, OrderStatus>>>> = {
  checkout_signed: { created: 'pending' },
  // A payment LianLian confirms is real money even if we had given up on the order: it wins over
  // `failed`/`expired` (the shop must then ship or refund), never the other way round.
  payment_succeeded: { created: 'paid', pending: 'paid', failed: 'paid', expired: 'paid' },
  payment_failed: { created: 'failed', pending: 'failed' },
  order_expired: { created: 'expired', pending: 'expired' },
  fully_refunded: { paid: 'refunded' },
};

/** The status after `event`; the same status when the event does not move this order. */
export function nextStatus(current: OrderStatus, event: StatusEvent): OrderStatus {
  return TRANSITIONS[event][current] ?? current;
}
