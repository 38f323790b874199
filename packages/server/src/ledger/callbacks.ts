import { formatAmount } from '@lianlian-checkout/protocol';
import type { StatusEvent } from './state.js';
import type { Sql, Tx } from './driver.js';
import { tally } from './history.js';
import { contexts, openRecord, sealCallbackFields } from './personal.js';
import { ORDER_COLUMNS, toOrder } from './rows.js';
import { enqueueOutbox, insertEvent, lockOrder, moveOrder, type Ctx } from './tx.js';
import type { CallbackOutcome, CallbackRecord, DuplicatePayment, Order, ReconcileQuery, StoredCallback } from './types.js';

/** LianLian's callbacks and authoritative results, each recorded in one transaction. */
const INSERT_CALLBACK =
  'INSERT INTO notifications (kind, no_order, ref, received_at, fields) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING';
/** The same, for an order that exists (the insert may then be sent before the order's row is read). */
const INSERT_CALLBACK_FOR_ORDER =
  'INSERT INTO notifications (kind, no_order, ref, received_at, fields) SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM orders WHERE no_order = ?) ON CONFLICT DO NOTHING';

type CallbackRow = { kind: 'payment' | 'refund'; noOrder: string; ref: string; fields: Record<string, string> };

function callbackParams(ctx: Ctx, row: CallbackRow): unknown[] {
  const fields = sealCallbackFields(ctx.vault, row.fields, contexts.callback(row));
  return [row.kind, row.noOrder, row.ref, ctx.now().getTime(), JSON.stringify(fields)];
}

/** Stores a callback once (unique on kind + no_order + ref), card number masked, personal fields sealed. */
export function insertCallback(q: Sql, ctx: Ctx, row: CallbackRow): Promise<number> {
  return q.run(INSERT_CALLBACK, callbackParams(ctx, row));
}

/** Whether `oidPaybill` names a bill other than the one that paid `order` (paid or since refunded). */
function isOtherBill(order: Order, oidPaybill: string | undefined): boolean {
  const settled = order.status === 'paid' || order.status === 'refunded';
  return settled && order.oidPaybill !== undefined && oidPaybill !== undefined && oidPaybill !== order.oidPaybill;
}

export function recordPaymentCallback(ctx: Ctx, record: CallbackRecord): Promise<CallbackOutcome> {
  return ctx.driver.tx(async (q) => {
    // Order row first, as in every ledger transaction (one lock order, no deadlocks). A concurrent
    // copy of this notification waits there, then finds the unique key taken and inserts nothing.
    // The insert is started with the read, so PostgreSQL gets both (and the BEGIN) in one round
    // trip; it runs after the lock, and inserts nothing for an order that does not exist.
    const ref = `${record.oidPaybill}:${record.resultPay}`;
    const [order, fresh] = await Promise.all([
      lockOrder(q, ctx, record.noOrder),
      q.run(INSERT_CALLBACK_FOR_ORDER, [...callbackParams(ctx, { kind: 'payment', noOrder: record.noOrder, ref, fields: record.fields }), record.noOrder]),
    ]);
    if (!order) return { kind: 'order_not_found' };
    // The caller's checks of the message against the order (a throw rolls the insert back).
    record.check?.(order);
    if (fresh !== 1) return { kind: 'duplicate', order };
    const data = { oid_paybill: record.oidPaybill, result_pay: record.resultPay };
    if (isOtherBill(order, record.oidPaybill)) {
      if (record.event === 'payment_succeeded') return { kind: 'duplicate_payment', order: await recordDuplicatePayment(q, ctx, order, record.oidPaybill) };
      // About another bill (e.g. the refund of a second payment): it must not move this order.
      insertEvent(q, ctx, order.noOrder, { type: record.eventType, data: { ...data, other_payment: true } });
      return { kind: 'applied', order, changed: false };
    }
    const moved = moveOrder(q, ctx, order, { event: record.event, history: { type: record.eventType, data }, oidPaybill: record.oidPaybill });
    return { kind: 'applied', ...moved };
  }, { batch: record.noOrder });
}

/** The buyer paid a settled order again under another bill: recorded, in the history, and sent to the shop to refund. */
async function recordDuplicatePayment(q: Tx, ctx: Ctx, order: Order, oidPaybill: string): Promise<Order> {
  const at = ctx.now().getTime();
  await q.run('INSERT INTO duplicate_payments (no_order, oid_paybill, amount_fen, detected_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [
    order.noOrder, oidPaybill, order.amountFen, at,
  ]);
  insertEvent(q, ctx, order.noOrder, {
    type: 'duplicate_payment',
    data: { oid_paybill: oidPaybill, paid_by: order.oidPaybill ?? null, amount_fen: order.amountFen },
  });
  enqueueOutbox(q, ctx, order, 'order.duplicate_payment', { payment: { oid_paybill: oidPaybill, amount: formatAmount(order.amountFen) } });
  return order;
}

export async function listDuplicatePayments(ctx: Ctx, noOrder: string): Promise<DuplicatePayment[]> {
  const rows = await ctx.driver.all(
    'SELECT no_order, oid_paybill, amount_fen, detected_at FROM duplicate_payments WHERE no_order = ? ORDER BY detected_at, oid_paybill',
    [noOrder],
  );
  return rows.map((r) => ({ noOrder: String(r.no_order), oidPaybill: String(r.oid_paybill), amountFen: Number(r.amount_fen), detectedAt: new Date(Number(r.detected_at)) }));
}

export function applyStatusEvent(
  ctx: Ctx,
  noOrder: string,
  event: StatusEvent,
  history: { type: string; data: Record<string, unknown> },
): Promise<Order | undefined> {
  return ctx.driver.tx(async (q) => {
    const order = await lockOrder(q, ctx, noOrder);
    if (!order) return undefined;
    const oidPaybill = typeof history.data.oid_paybill === 'string' ? history.data.oid_paybill : undefined;
    // An answer about another bill than the one that paid (say REFUND of a second payment) is history only.
    const own = !isOtherBill(order, oidPaybill);
    return moveOrder(q, ctx, order, { event: own ? event : undefined, history, oidPaybill: own ? oidPaybill : undefined }).order;
  });
}

export function recordReturnHint(ctx: Ctx, noOrder: string, data: Record<string, unknown>): Promise<Order | undefined> {
  return ctx.driver.tx(async (q) => {
    const order = await lockOrder(q, ctx, noOrder);
    if (!order) return undefined;
    await q.run('UPDATE orders SET return_hint_at = COALESCE(return_hint_at, ?) WHERE no_order = ?', [ctx.now().getTime(), noOrder]);
    // The same signed return can be replayed by anyone who saw its URL: counted, the first few kept.
    await tally(q, ctx, noOrder, { type: 'return_hint', data });
    return order;
  });
}

export async function listOrdersToReconcile(ctx: Ctx, query: ReconcileQuery): Promise<Order[]> {
  const rows = await ctx.driver.all(
    `SELECT ${ORDER_COLUMNS} FROM orders
     WHERE ((status = 'pending' AND (return_hint_at <= ? OR created_at <= ?)) OR (status = 'failed' AND expires_at > ?))
       AND (last_queried_at IS NULL OR last_queried_at <= ?)
     ORDER BY created_at LIMIT ?`,
    [query.hintBefore.getTime(), query.createdBefore.getTime(), query.now.getTime(), query.notQueriedSince.getTime(), query.limit],
  );
  return rows.map((r) => toOrder(r, ctx.vault));
}

export async function markQueried(ctx: Ctx, noOrder: string, notQueriedSince?: Date): Promise<boolean> {
  const now = ctx.now().getTime();
  const changed = notQueriedSince === undefined
    ? await ctx.driver.run('UPDATE orders SET last_queried_at = ? WHERE no_order = ?', [now, noOrder])
    : await ctx.driver.run(
      'UPDATE orders SET last_queried_at = ? WHERE no_order = ? AND (last_queried_at IS NULL OR last_queried_at <= ?)',
      [now, noOrder, notQueriedSince.getTime()],
    );
  return changed === 1;
}

/** The callbacks recorded for an order, oldest first, personal fields opened (card numbers stay masked). */
export async function listCallbacks(ctx: Ctx, noOrder: string): Promise<StoredCallback[]> {
  const rows = await ctx.driver.all('SELECT kind, no_order, ref, received_at, fields FROM notifications WHERE no_order = ? ORDER BY received_at, kind, ref', [noOrder]);
  return rows.map((r) => {
    const row = { kind: String(r.kind) as StoredCallback['kind'], noOrder: String(r.no_order), ref: String(r.ref) };
    const fields = openRecord(ctx.vault, JSON.parse(String(r.fields)) as Record<string, unknown>, contexts.callback(row));
    return { ...row, receivedAt: new Date(Number(r.received_at)), fields: fields as Record<string, string> };
  });
}
