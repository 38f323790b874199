import { randomUUID } from 'node:crypto';
import { KitError } from '@lianlian-checkout/protocol';
import { nextStatus, type StatusEvent } from './state.js';
import type { Driver, Sql, Tx } from './driver.js';
import { contexts, sealPersonal } from './personal.js';
import { ORDER_COLUMNS, shopOrderView, toOrder } from './rows.js';
import type { Order } from './types.js';
import type { Vault } from './vault.js';

/** Statements shared by every ledger transaction. Each takes the transaction's `Sql`. */
export interface Ctx {
  driver: Driver;
  now: () => Date;
  /** Seals and opens personal data (docs/ledger.md "Personal data at rest"). */
  vault: Vault;
}

export async function selectOrder(q: Sql, ctx: Ctx, noOrder: string, lock = ''): Promise<Order | undefined> {
  const rows = await q.all(`SELECT ${ORDER_COLUMNS} FROM orders WHERE no_order = ?${lock}`, [noOrder]);
  return rows[0] ? toOrder(rows[0], ctx.vault) : undefined;
}

export function lockOrder(q: Sql, ctx: Ctx, noOrder: string): Promise<Order | undefined> {
  return selectOrder(q, ctx, noOrder, ctx.driver.forUpdate);
}

/** Queues the history row (`Tx.write`: sent with the transaction's next statement). */
export function insertEvent(q: Tx, ctx: Ctx, noOrder: string, event: { type: string; data: Record<string, unknown> }): void {
  q.write('INSERT INTO order_events (no_order, type, at, data) VALUES (?, ?, ?, ?)', [
    noOrder, event.type, ctx.now().getTime(), JSON.stringify(sealPersonal(ctx.vault, event.data, contexts.event(noOrder))),
  ]);
}

/**
 * Writes the shop event for `order`'s current state, plus `extra` members of `data` (e.g. the
 * second payment of `order.duplicate_payment`); the body is fixed now so retries resend it byte for byte.
 */
export function enqueueOutbox(q: Tx, ctx: Ctx, order: Order, type = `order.${order.status}`, extra: Record<string, unknown> = {}): void {
  const id = `evt_${randomUUID().replaceAll('-', '')}`;
  const at = ctx.now();
  const body = JSON.stringify({ id, type, created_at: at.toISOString(), data: { order: shopOrderView(order), ...extra } });
  q.write(
    'INSERT INTO outbox (id, no_order, type, body, created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?)',
    [id, order.noOrder, type, body, at.getTime(), at.getTime()],
  );
}

export interface Move {
  event: StatusEvent | undefined;
  history: { type: string; data: Record<string, unknown> };
  oidPaybill?: string | undefined;
  /** A form was signed now (the limits count this instant). */
  signedAt?: Date;
}

/**
 * Moves a locked order through the state machine: conditional update, history event, and an outbox
 * event when the status changed, all queued (`Tx.write`). Returns the order as it is after the move.
 *
 * `oid_paybill` is the first bill LianLian named, until a bill pays the order: that one replaces it
 * (a buyer whose first attempt FAILED can pay under the same no_order with a new bill). An order
 * paid without a recorded signing takes the payment time as `signed_at`, so the limits count it.
 */
export function moveOrder(q: Tx, ctx: Ctx, order: Order, move: Move): { order: Order; changed: boolean } {
  const to = move.event ? nextStatus(order.status, move.event) : order.status;
  const changed = to !== order.status;
  const at = ctx.now();
  const paidNow = changed && to === 'paid';
  const oidPaybill = (paidNow ? move.oidPaybill : undefined) ?? order.oidPaybill ?? move.oidPaybill;
  const signedAt = move.signedAt ?? order.signedAt ?? (paidNow ? at : undefined);
  const updatedAt = changed ? at : order.updatedAt;
  if (changed || oidPaybill !== order.oidPaybill || signedAt !== order.signedAt) {
    q.write(
      'UPDATE orders SET status = ?, updated_at = ?, oid_paybill = ?, signed_at = ? WHERE no_order = ? AND status = ?',
      [to, updatedAt.getTime(), oidPaybill ?? null, signedAt?.getTime() ?? null, order.noOrder, order.status],
      { rows: 1, error: () => new KitError('ledger_conflict', `Order ${order.noOrder} changed during its own transaction; the transaction was rolled back, retry it.`) },
    );
  }
  const after: Order = { ...order, status: to, updatedAt, oidPaybill, signedAt };
  const data = changed ? { ...move.history.data, from: order.status, to } : move.history.data;
  insertEvent(q, ctx, order.noOrder, { type: move.history.type, data });
  if (changed) enqueueOutbox(q, ctx, after);
  return { order: after, changed };
}
