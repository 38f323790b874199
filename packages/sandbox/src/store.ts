import { randomBytes } from 'node:crypto';
import type { PendingNotification } from './callbacks/job.js';
import type { Gateway, Instrument } from './lianlian/products.js';

/** LianLian's authoritative payment states (spec §6.1). */
export const RESULT_PAY = ['WAITING', 'PROCESSING', 'SUCCESS', 'REFUND', 'FAILURE'] as const;
export type ResultPay = (typeof RESULT_PAY)[number];

export interface OrderEvent {
  readonly at: string;
  readonly type: string;
  readonly detail?: string;
}

export interface Order {
  /** Unguessable id of the hosted cashier session (`/cashier/:id`). */
  readonly id: string;
  readonly oidPaybill: string;
  readonly gateway: Gateway;
  readonly oidPartner: string;
  readonly noOrder: string;
  /** Every field received except `sign`, exactly as decoded. */
  readonly fields: Readonly<Record<string, string>>;
  /** Canonical string without `sign`/`timestamp`: a resubmission with other content is a 1002. */
  fingerprint: string;
  readonly amountFen: number;
  readonly signType: 'RSA' | 'MD5';
  readonly createdAt: Date;
  readonly expiresAt: Date;
  resultPay: ResultPay;
  /** What the cashier asks of the buyer for this order (`instrumentFor`). */
  readonly instrument: Instrument;
  /** The merchant's `pay_type`, if it sent one. */
  readonly requestedPayType: string | undefined;
  /** Reported in notifications and queries: the request or the gateway's default, then what the buyer used. */
  payType: string;
  bankCode: string | undefined;
  noAgree: string | undefined;
  cardMasked: string | undefined;
  settleDate: string | undefined;
  paidAt: Date | undefined;
  refundedFen: number;
  /** A payment notification held back by the `refund_out_of_order` fault until a refund arrives. */
  heldNotification: boolean;
  readonly events: OrderEvent[];
}

export interface Refund {
  readonly oidPartner: string;
  readonly noOrder: string;
  readonly noRefund: string;
  readonly dtRefund: string;
  readonly moneyRefund: string;
  readonly fen: number;
  readonly oidRefundno: string;
  readonly notifyUrl: string;
  readonly signType: 'RSA' | 'MD5';
  readonly fingerprint: string;
  /** `0` applied, `1` processing, `2` success, `3` failed (spec §6.2). */
  staRefund: '0' | '1' | '2' | '3';
  settleDate: string;
}

export interface RequestRecord {
  readonly id: number;
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly oid_partner: string | undefined;
  readonly no_order: string | undefined;
  readonly origin: string | undefined;
  readonly fields: Record<string, string>;
  readonly ret_code: string;
  readonly ret_msg: string;
  readonly detail: string;
}

export interface NotificationAttempt {
  readonly id: number;
  readonly kind: 'payment' | 'refund';
  readonly no_order: string;
  readonly no_refund: string | undefined;
  readonly url: string;
  /** 1 for the first delivery, up to 31 (30 retries, spec §5). */
  readonly attempt: number;
  /** 1-based copy number when the `duplicate_notify` fault sends several. */
  readonly copy: number;
  readonly at: string;
  readonly latency_ms: number;
  readonly status: number | null;
  readonly answer: string;
  readonly ok: boolean;
  readonly error: string | undefined;
  readonly content_type: string;
  /** The fields delivered (sign as `[n chars]`), e.g. to see how `money_order` was written; null when nothing was sent. */
  readonly fields: Readonly<Record<string, string>> | null;
  readonly faults: readonly string[];
}

const MAX_LOG = 2000;

/**
 * Where orders, refunds and running notification schedules are kept between runs (persist.ts's
 * `SandboxDb`, SANDBOX_DATA_FILE), declared here so the store does not import its own storage back.
 */
export interface PaymentsFile {
  readonly file: string;
  loadOrders(): Order[];
  loadRefunds(): Refund[];
  loadSeq(): number;
  saveOrder(key: string, order: Order, seq: number): void;
  saveRefund(key: string, refund: Refund, seq: number): void;
  loadPendingNotifications(): PendingNotification[];
  savePendingNotification(schedule: string, pending: PendingNotification): void;
  deletePendingNotification(schedule: string): void;
  clearPayments(): void;
  wipe(): void;
}

/**
 * State of one sandbox; `reset()` empties it. With a `PaymentsFile` (`SANDBOX_DATA_FILE`), orders and
 * refunds are loaded from it and written through: whoever changes an order or refund calls
 * `saveOrder` / `saveRefund`; the notifier writes where each notification schedule stands.
 */
export class Store {
  readonly orders = new Map<string, Order>();
  readonly refunds = new Map<string, Refund>();
  requests: RequestRecord[] = [];
  notifications: NotificationAttempt[] = [];
  private seq = 0;

  constructor(readonly db?: PaymentsFile) {
    if (!db) return;
    for (const o of db.loadOrders()) this.orders.set(Store.orderKey(o.oidPartner, o.noOrder), o);
    for (const r of db.loadRefunds()) this.refunds.set(Store.orderKey(r.oidPartner, r.noRefund), r);
    this.seq = db.loadSeq();
  }

  /** Writes an order through to the data file (after any change to it). */
  saveOrder(order: Order): void {
    this.db?.saveOrder(Store.orderKey(order.oidPartner, order.noOrder), order, this.seq);
  }

  saveRefund(refund: Refund): void {
    this.db?.saveRefund(Store.orderKey(refund.oidPartner, refund.noRefund), refund, this.seq);
  }

  /** Where a notification schedule stands (the notifier writes it before each attempt), for a restart. */
  savePendingNotification(pending: PendingNotification): void {
    this.db?.savePendingNotification(pending.schedule, pending);
  }

  /** The schedule is over: delivered, or LianLian's 30 resends are spent. */
  dropPendingNotification(schedule: string): void {
    this.db?.deletePendingNotification(schedule);
  }

  /** Schedules a previous run left unfinished (none without a data file). */
  pendingNotifications(): PendingNotification[] {
    return this.db?.loadPendingNotifications() ?? [];
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  static orderKey(oidPartner: string, noOrder: string): string {
    return `${oidPartner}/${noOrder}`;
  }

  static newId(): string {
    return randomBytes(12).toString('hex');
  }

  findOrderById(id: string): Order | undefined {
    for (const o of this.orders.values()) if (o.id === id) return o;
    return undefined;
  }

  /** Control-API lookup by `no_order`, narrowed by merchant when several merchants share it. */
  findOrders(noOrder: string, oidPartner?: string): Order[] {
    return [...this.orders.values()].filter((o) => o.noOrder === noOrder && (oidPartner === undefined || o.oidPartner === oidPartner));
  }

  addRequest(record: Omit<RequestRecord, 'id'>): void {
    this.requests.push({ id: this.nextSeq(), ...record });
    if (this.requests.length > MAX_LOG) this.requests.splice(0, this.requests.length - MAX_LOG);
  }

  addNotification(record: Omit<NotificationAttempt, 'id'>): void {
    this.notifications.push({ id: this.nextSeq(), ...record });
    if (this.notifications.length > MAX_LOG) this.notifications.splice(0, this.notifications.length - MAX_LOG);
  }

  reset(): void {
    this.db?.clearPayments();
    this.orders.clear();
    this.refunds.clear();
    this.requests = [];
    this.notifications = [];
  }
}
