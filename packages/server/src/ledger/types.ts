import type { Fen, Product } from '@lianlian-checkout/protocol';

/**
 * The ledger: the signing server's only state. One interface, a SQLite and a PostgreSQL adapter,
 * one contract test suite both run. Idempotency and multi-instance safety come from database
 * constraints and conditional updates, never from in-process maps or locks. SQL lives in adapters.
 */
export type OrderStatus = 'created' | 'pending' | 'paid' | 'failed' | 'expired' | 'refunded';

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
  /** LianLian's payment id once known. */
  oidPaybill: string | undefined;
  refundedFen: Fen;
}

export type NewOrder = Omit<Order, 'status' | 'updatedAt' | 'oidPaybill' | 'refundedFen'>;

export interface OrderEvent {
  id: string;
  noOrder: string;
  /** e.g. created, checkout_signed, notify_verified, notify_duplicate, notify_rejected, return_hint, query_result, refund_* */
  type: string;
  at: Date;
  data: Record<string, unknown>;
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
  appendEvent(noOrder: string, type: string, data: Record<string, unknown>): Promise<void>;

  /**
   * A signed payload was handed out: `created` → `pending` (or stays `pending`), plus a
   * `checkout_signed` event, in one transaction. Returns the order after the change, or
   * `undefined` when its status allowed neither (the caller then reports why).
   */
  markCheckoutSigned(noOrder: string, data: Record<string, unknown>): Promise<Order | undefined>;

  /** Expires an order whose `expiresAt` has passed and that is still `created`/`pending`. */
  expireOrder(noOrder: string, now: Date): Promise<Order | undefined>;

  /**
   * Sum of amounts (fen) of this customer's orders for one product created at or after `since`
   * with status `pending` or `paid` (LianLian's pre-go-live per-customer limits, spec §1).
   */
  sumCustomerAmount(query: { userId: string; product: Product; since: Date }): Promise<Fen>;
}
