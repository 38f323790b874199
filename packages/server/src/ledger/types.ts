import type { Fen, Product } from '@lianlian-checkout/protocol';
import type { OrderStatus, StatusEvent } from './state.js';

/**
 * The ledger: the signing server's only state. One interface, a SQLite and a PostgreSQL adapter,
 * one contract test suite both run. Idempotency and multi-instance safety come from database
 * constraints and conditional updates, never from in-process maps or locks. SQL lives in adapters.
 */
export type { OrderStatus, StatusEvent } from './state.js';

export interface Order {
  noOrder: string;
  product: Product;
  amountFen: Fen;
  nameGoods: string;
  userId: string;
  busiPartner: string;
  /** Beijing `yyyyMMddHHmmss` stamped at creation and sent as `dt_order` on every signing. */
  dtOrder: string;
  infoOrder: string | undefined;
  urlOrder: string | undefined;
  /** LianLian's `valid_order`, minutes. */
  validOrderMinutes: number;
  customerIp: string | undefined;
  /** The shop's risk object; the exact `risk_item` JSON string is built at signing time. */
  riskItem: Record<string, unknown> | undefined;
  /** Product-specific optional fields (bank_code, pay_type, back_url, no_agree, app_request, bg_color, …). */
  extra: Record<string, string>;
  status: OrderStatus;
  createdAt: Date;
  updatedAt: Date;
  /** When LianLian closes the order (createdAt + valid_order). */
  expiresAt: Date;
  /** sha256 hex of the checkout token; the token itself is never stored. */
  checkoutTokenHash: string;
  checkoutTokenExpiresAt: Date;
  /** LianLian's payment id once known: the bill that paid the order, once it is paid. */
  oidPaybill: string | undefined;
  refundedFen: Fen;
  /**
   * When a form for the order was last signed (or, if no signing was recorded, when it was paid).
   * LianLian's pre-go-live day and month limits count the Beijing day and month of this instant.
   */
  signedAt: Date | undefined;
}

export type NewOrder = Omit<Order, 'status' | 'updatedAt' | 'oidPaybill' | 'refundedFen' | 'signedAt'>;

export interface OrderEvent {
  id: string;
  noOrder: string;
  /** e.g. created, checkout_signed, notify_verified, notify_duplicate, notify_rejected, return_hint, query_result, refund_* */
  type: string;
  at: Date;
  data: Record<string, unknown>;
}

/** Callbacks anyone can send for a known order, counted instead of each kept (ledger/history.ts). */
export type TalliedKind = 'notify_rejected' | 'return_unverified' | 'return_hint';

export interface CallbackTally {
  kind: TalliedKind;
  /** How many arrived, kept in the history or not. */
  count: number;
  firstAt: Date;
  lastAt: Date;
}

export interface CountedCallback {
  /** This callback's number among its order's callbacks of the same kind (1 for the first). */
  count: number;
  /** Whether it was written to the order's history (only the first few of each kind are). */
  kept: boolean;
}

/** One page of an order's history, oldest event first, and how many events the order has in all. */
export interface EventPage {
  events: OrderEvent[];
  total: number;
  /** Whether events older than this page's first exist. */
  older: boolean;
}

export interface IdempotencyRecord {
  key: string;
  /** sha256 hex of the canonical request body. */
  requestHash: string;
  /** HTTP status and JSON body of the first response, replayed for the same key and body. */
  status: number;
  body: unknown;
}

export type CreateOrderResult =
  | { kind: 'created'; order: Order }
  /** Same Idempotency-Key and same body: the stored first response. */
  | { kind: 'replayed'; record: IdempotencyRecord }
  /** Same Idempotency-Key with a different body. */
  | { kind: 'idempotency_conflict' }
  /** `no_order` already exists (without a matching idempotency key). */
  | { kind: 'duplicate_no_order' };

export interface CreateOrderInput {
  order: NewOrder;
  /** When present, stored with the order in the same transaction. */
  idempotency?: IdempotencyRecord;
}

/** A check run inside `markCheckoutSigned`'s transaction (LianLian's pre-go-live limits). */
export interface CheckoutLimitCheck {
  /** Checks taking the same key run one at a time, across processes (one customer and product). */
  lockKey: string;
  /**
   * Throws to refuse. `order` is the order as locked in the transaction; `sumSince` totals the
   * customer's `pending` and `paid` orders of the product signed at or after `since`, as of now.
   */
  check(order: Order, sumSince: (since: Date) => Promise<Fen>): Promise<void>;
  /**
   * The total `check` will ask for first, when the caller knows it: the ledger starts that query
   * with the locks (on PostgreSQL in the same round trip; it still runs after them, so it counts
   * what the lock holder committed). Used only when the locked order is this customer's and
   * product's and `check` asks for this `since`; otherwise the total is queried when asked.
   */
  expected?: { userId: string; product: Product; since: Date };
}

/** The part of the ledger the order and checkout routes use. Callbacks, outbox and refunds extend it. */
export interface OrderLedger {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates tables if needed; safe to run concurrently from several instances. */
  migrate(): Promise<void>;
  /** Throws when the database cannot answer (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;

  createOrder(input: CreateOrderInput): Promise<CreateOrderResult>;
  getOrder(noOrder: string): Promise<Order | undefined>;
  getOrderByTokenHash(tokenHash: string): Promise<Order | undefined>;
  listEvents(noOrder: string): Promise<OrderEvent[]>;
  /** The newest `limit` events with `seq` (OrderEvent.id) below `before`, oldest first, and the count of all. */
  listEventPage(noOrder: string, page: { before?: number | undefined; limit: number }): Promise<EventPage>;
  appendEvent(noOrder: string, type: string, data: Record<string, unknown>): Promise<void>;

  /**
   * A signed payload was handed out: `created` → `pending` (or stays `pending`), plus a
   * `checkout_signed` event, in one transaction. Returns the order after the change, or
   * `undefined` when its status allowed neither (the caller then reports why). With `limits`, the
   * check runs first inside the same transaction, under a lock on `limits.lockKey` that holds
   * across processes; when it throws, nothing is recorded and the error is the result.
   */
  markCheckoutSigned(noOrder: string, data: Record<string, unknown>, limits?: CheckoutLimitCheck): Promise<Order | undefined>;

  /** Expires an order whose `expiresAt` has passed and that is still `created`/`pending`. */
  expireOrder(noOrder: string, now: Date): Promise<Order | undefined>;

  /**
   * Sum of amounts (fen) of this customer's orders for one product signed (`signedAt`) at or after
   * `since` with status `pending` or `paid` (LianLian's pre-go-live per-customer limits, spec §1).
   */
  sumCustomerAmount(query: { userId: string; product: Product; since: Date }): Promise<Fen>;
}

// ---------------------------------------------------------------------------------------------
// Callbacks, outbox, refunds and reconciliation: the rest of the ledger (issue 5).

/** A shop webhook waiting in (or delivered from) the durable outbox. */
export interface OutboxMessage {
  /** Stable event id (`evt_…`), the same on every delivery attempt. */
  id: string;
  noOrder: string;
  /** `order.pending`, `order.paid`, `order.failed`, `order.expired`, `order.refunded`, `order.refund_succeeded`, `order.duplicate_payment`. */
  type: string;
  /** The exact JSON body delivered, fixed when the event was written. */
  body: string;
  createdAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | undefined;
  lastError: string | undefined;
}

/**
 * A payment notification. It is recorded once per (`noOrder`, `oidPaybill`, `resultPay`): LianLian
 * resends the same one up to 30 times (spec §5), while a later state of the same payment
 * (`FAILURE` then `SUCCESS`, `SUCCESS` then `REFUND`) is a new fact.
 */
export interface CallbackRecord {
  noOrder: string;
  /** LianLian's payment id. */
  oidPaybill: string;
  /** LianLian's `result_pay`. */
  resultPay: string;
  /** Every verified field received (stored for audit). */
  fields: Record<string, string>;
  /** The state-machine event this callback carries, if any (`WAITING`/`PROCESSING` carry none). */
  event: StatusEvent | undefined;
  /** Order event type written to the history, e.g. `notify_verified`. */
  eventType: string;
  /**
   * Checks of the message against the order as locked in the recording transaction (e.g. the
   * amount); a throw records nothing and is passed on to the caller.
   */
  check?: (order: Order) => void;
}

/** A recorded callback as the ledger returns it (`listCallbacks`). */
export interface StoredCallback {
  kind: 'payment' | 'refund';
  noOrder: string;
  /** The dedup reference (`oid_paybill`, or `no_refund:sta_refund`). */
  ref: string;
  receivedAt: Date;
  /** The verified fields, personal ones opened; `card_no` only ever as stored: its last four digits. */
  fields: Record<string, string>;
}

/** What `resealPersonalData` changed: rows re-sealed under the current key, keys no longer needed. */
export interface ResealReport {
  /** The key every personal value is now sealed with. */
  keyId: string;
  orders: number;
  callbacks: number;
  events: number;
  /** Key ids that no stored value uses any more; they may be removed from LEDGER_DATA_KEY. */
  retired: string[];
}

export type CallbackOutcome =
  | { kind: 'applied'; order: Order; changed: boolean }
  /** The same notification was recorded before: nothing changed. */
  | { kind: 'duplicate'; order: Order }
  /**
   * `SUCCESS` for another `oid_paybill` of an order already paid by one: the buyer paid twice.
   * Recorded (`listDuplicatePayments`), in the history and as an `order.duplicate_payment` webhook.
   */
  | { kind: 'duplicate_payment'; order: Order }
  | { kind: 'order_not_found' };

/** A second LianLian payment (another `oid_paybill`) for an order that was already paid. */
export interface DuplicatePayment {
  noOrder: string;
  oidPaybill: string;
  amountFen: Fen;
  detectedAt: Date;
}

export type RefundStatus = 'requested' | 'processing' | 'succeeded' | 'failed';

export interface Refund {
  noRefund: string;
  noOrder: string;
  amountFen: Fen;
  /** Beijing `yyyyMMddHHmmss`, sent as `dt_refund` on apply and query. */
  dtRefund: string;
  status: RefundStatus;
  oidRefundno: string | undefined;
  createdAt: Date;
  updatedAt: Date;
}

export type CreateRefundResult =
  | { kind: 'created'; refund: Refund; order: Order }
  /** `no_refund` exists already: the existing refund (same order and amount) or a conflict. */
  | { kind: 'existing'; refund: Refund }
  | { kind: 'order_not_found' }
  | { kind: 'not_refundable'; order: Order }
  /** Cumulative refunds would exceed the order amount. */
  | { kind: 'exceeds'; order: Order; refundableFen: Fen };

export interface RefundUpdate {
  noRefund: string;
  status: RefundStatus;
  oidRefundno?: string | undefined;
  /** Order event type, e.g. `refund_applied`, `refund_notified`, `refund_queried`. */
  eventType: string;
  data: Record<string, unknown>;
}

export interface RefundCallback extends RefundUpdate {
  /** Dedup reference, `no_refund:sta_refund`. */
  ref: string;
  /** Every verified field received (stored for audit). */
  fields: Record<string, string>;
}

export type RefundCallbackOutcome =
  | { kind: 'applied'; refund: Refund }
  | { kind: 'duplicate'; refund: Refund }
  | { kind: 'refund_not_found' };

export interface ReconcileQuery {
  /** Failed orders that LianLian still keeps open after this instant (`expiresAt`) are queried. */
  now: Date;
  /** Pending orders whose return hint is older than this are queried. */
  hintBefore: Date;
  /** Pending orders created before this (past LianLian's notify retry window) are queried. */
  createdBefore: Date;
  /** Orders queried after this are skipped for now. */
  notQueriedSince: Date;
  limit: number;
}

export interface OutboxClaim {
  /** Unique per worker; a lease is only extended or completed by its owner. */
  owner: string;
  leaseMs: number;
  limit: number;
}

export interface OpenRefundClaim {
  /** Refunds last updated at or before this are due for a check. */
  before: Date;
  /** Unique per worker. */
  owner: string;
  leaseMs: number;
  limit: number;
}

/** The whole ledger: orders plus callbacks, refunds, reconciliation and the shop-event outbox. */
export interface Ledger extends OrderLedger {
  /**
   * One transaction: records the callback (unique on no_order + oid_paybill + result_pay), moves the
   * order through `nextStatus`, appends the history event and, on a status change, the outbox
   * event. On an order already paid by one bill, a `SUCCESS` for another is a duplicate payment and
   * anything else about another bill is history only (a refund of the second payment must not
   * refund the order).
   */
  recordPaymentCallback(record: CallbackRecord): Promise<CallbackOutcome>;
  /** The callbacks recorded for an order (payment and refund notifications), oldest first. */
  listCallbacks(noOrder: string): Promise<StoredCallback[]>;
  listDuplicatePayments(noOrder: string): Promise<DuplicatePayment[]>;
  /** Applies an authoritative result (order query) through the state machine, with event and outbox. */
  applyStatusEvent(noOrder: string, event: StatusEvent, history: { type: string; data: Record<string, unknown> }): Promise<Order | undefined>;
  /**
   * A verified buyer return: a hint only (never `paid`); the reconciler queries the order soon. A
   * replayed return is counted as `return_hint` and only the first few are kept in the history.
   */
  recordReturnHint(noOrder: string, data: Record<string, unknown>): Promise<Order | undefined>;
  /**
   * Counts a callback anyone can send (a rejected notification, an unverified return) for a known
   * order, and keeps only the first few of each kind in its history, so a flood cannot grow it.
   * `undefined` when the order does not exist (nothing is stored then).
   */
  countCallback(noOrder: string, event: { type: TalliedKind; data: Record<string, unknown> }): Promise<CountedCallback | undefined>;
  listCallbackTallies(noOrder: string): Promise<CallbackTally[]>;
  /**
   * Orders to ask LianLian about: `pending` ones after a return hint or past the notify retry
   * window, and `failed` ones LianLian keeps open (`expiresAt` after `now`), since the buyer can
   * still pay on LianLian's cashier under the same no_order. Never those queried since `notQueriedSince`.
   */
  listOrdersToReconcile(query: ReconcileQuery): Promise<Order[]>;
  /**
   * Records that LianLian is being asked about this order now. With `notQueriedSince`, only when
   * nobody asked since then, so of several reconcilers (one per server instance) that listed the
   * same order exactly one claims it; resolves to whether this call recorded it.
   */
  markQueried(noOrder: string, notQueriedSince?: Date): Promise<boolean>;

  claimOutbox(claim: OutboxClaim): Promise<OutboxMessage[]>;
  completeOutbox(id: string, owner: string): Promise<boolean>;
  retryOutbox(id: string, owner: string, retry: { error: string; nextAttemptAt: Date }): Promise<boolean>;
  listOutbox(noOrder?: string): Promise<OutboxMessage[]>;

  createRefund(input: { noOrder: string; noRefund: string; amountFen: Fen; dtRefund: string }): Promise<CreateRefundResult>;
  /** Records a refund result; a success adds to `refundedFen` and, when complete, makes the order `refunded`. */
  updateRefund(update: RefundUpdate): Promise<Refund | undefined>;
  getRefund(noRefund: string): Promise<Refund | undefined>;
  listRefunds(noOrder: string): Promise<Refund[]>;
  /** Refunds still `requested`/`processing`, created before `before`, for the refund query. */
  listOpenRefunds(before: Date, limit: number): Promise<Refund[]>;
  /** `listOpenRefunds`, each refund leased to the claiming worker so no other instance checks it meanwhile. */
  claimOpenRefunds(claim: OpenRefundClaim): Promise<Refund[]>;
  /**
   * A refund notification in one transaction: the callback row (unique on `ref`, i.e.
   * no_refund + sta_refund) and, when it is new, the same effect as `updateRefund`.
   */
  recordRefundCallback(input: RefundCallback): Promise<RefundCallbackOutcome>;
  /**
   * Re-seals every personal value not yet under the current data key (older keys, or values written
   * in clear before a key was set), in batches that each commit on their own; then marks the other
   * keys retired. Safe while servers run. Throws when no data key is configured.
   */
  resealPersonalData(options?: { batch?: number }): Promise<ResealReport>;
}
