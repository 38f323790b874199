import type { Fen } from '@lianlian-checkout/protocol';
import type { Sql, Tx } from './driver.js';
import { insertCallback } from './callbacks.js';
import { toRefund } from './rows.js';
import { enqueueOutbox, insertEvent, lockOrder, moveOrder, type Ctx } from './tx.js';
import type { CreateRefundResult, OpenRefundClaim, Order, Refund, RefundCallback, RefundCallbackOutcome, RefundStatus, RefundUpdate } from './types.js';

/** Refunds: the cumulative amount is checked under the order's lock, so parallel requests cannot overshoot. */
const COLUMNS = 'no_refund, no_order, amount_fen, dt_refund, status, oid_refundno, created_at, updated_at';
const RANK: Record<RefundStatus, number> = { requested: 0, processing: 1, succeeded: 2, failed: 2 };

async function selectRefund(q: Sql, noRefund: string): Promise<Refund | undefined> {
  const rows = await q.all(`SELECT ${COLUMNS} FROM refunds WHERE no_refund = ?`, [noRefund]);
  return rows[0] ? toRefund(rows[0]) : undefined;
}

export function createRefund(ctx: Ctx, input: { noOrder: string; noRefund: string; amountFen: Fen; dtRefund: string }): Promise<CreateRefundResult> {
  return ctx.driver.tx(async (q) => {
    const order = await lockOrder(q, ctx, input.noOrder);
    if (!order) return { kind: 'order_not_found' };
    const existing = await selectRefund(q, input.noRefund);
    if (existing) return { kind: 'existing', refund: existing };
    if (order.status !== 'paid') return { kind: 'not_refundable', order };
    const rows = await q.all("SELECT COALESCE(SUM(amount_fen), 0) AS total FROM refunds WHERE no_order = ? AND status <> 'failed'", [order.noOrder]);
    const refundableFen = order.amountFen - Number(rows[0]?.total ?? 0);
    if (input.amountFen > refundableFen) return { kind: 'exceeds', order, refundableFen };
    const at = ctx.now().getTime();
    await q.run(`INSERT INTO refunds (${COLUMNS}) VALUES (?, ?, ?, ?, 'requested', NULL, ?, ?)`, [
      input.noRefund, order.noOrder, input.amountFen, input.dtRefund, at, at,
    ]);
    insertEvent(q, ctx, order.noOrder, { type: 'refund_requested', data: { no_refund: input.noRefund, amount_fen: input.amountFen } });
    const refund = await selectRefund(q, input.noRefund);
    if (!refund) throw new Error(`refund ${input.noRefund} vanished inside its own transaction`);
    return { kind: 'created', refund, order };
  });
}

/** Moves a refund forward only (a late `processing` never undoes `succeeded`); success credits the order. */
export function updateRefund(ctx: Ctx, update: RefundUpdate): Promise<Refund | undefined> {
  return ctx.driver.tx(async (q) => {
    const locked = await lockRefund(q, ctx, update.noRefund);
    return locked ? advance(q, ctx, locked, update) : undefined;
  });
}

/** A refund notification: the callback row (unique on no_refund + sta_refund) and its effect, in one transaction. */
export function recordRefundCallback(ctx: Ctx, input: RefundCallback): Promise<RefundCallbackOutcome> {
  return ctx.driver.tx(async (q) => {
    const locked = await lockRefund(q, ctx, input.noRefund);
    if (!locked) return { kind: 'refund_not_found' };
    const fresh = await insertCallback(q, ctx, { kind: 'refund', noOrder: locked.order.noOrder, ref: input.ref, fields: input.fields });
    if (fresh !== 1) return { kind: 'duplicate', refund: locked.refund };
    return { kind: 'applied', refund: await advance(q, ctx, locked, input) };
  });
}

interface Locked {
  refund: Refund;
  order: Order;
}

async function lockRefund(q: Sql, ctx: Ctx, noRefund: string): Promise<Locked | undefined> {
  const found = await selectRefund(q, noRefund);
  const order = found ? await lockOrder(q, ctx, found.noOrder) : undefined;
  // Re-read under the order's lock: a concurrent update may have moved the refund meanwhile.
  const refund = order ? await selectRefund(q, noRefund) : undefined;
  return refund && order ? { refund, order } : undefined;
}

async function advance(q: Tx, ctx: Ctx, { refund: before, order }: Locked, update: RefundUpdate): Promise<Refund> {
  const data = { ...update.data, no_refund: before.noRefund, status: update.status };
  const at = ctx.now().getTime();
  if (RANK[update.status] <= RANK[before.status]) {
    // updated_at doubles as "last heard about": the refund query then waits before asking again.
    await q.run('UPDATE refunds SET updated_at = ? WHERE no_refund = ?', [at, before.noRefund]);
    insertEvent(q, ctx, order.noOrder, { type: update.eventType, data: { ...data, changed: false } });
    return before;
  }
  await q.run('UPDATE refunds SET status = ?, oid_refundno = COALESCE(?, oid_refundno), updated_at = ? WHERE no_refund = ? AND status = ?', [
    update.status, update.oidRefundno ?? null, at, before.noRefund, before.status,
  ]);
  if (update.status !== 'succeeded') {
    insertEvent(q, ctx, order.noOrder, { type: update.eventType, data });
  } else {
    const refundedFen = order.refundedFen + before.amountFen;
    await q.run('UPDATE orders SET refunded_fen = ?, updated_at = ? WHERE no_order = ?', [refundedFen, at, order.noOrder]);
    const credited = { ...order, refundedFen, updatedAt: new Date(at) };
    if (refundedFen >= order.amountFen) {
      moveOrder(q, ctx, credited, { event: 'fully_refunded', history: { type: update.eventType, data } });
    } else {
      insertEvent(q, ctx, order.noOrder, { type: update.eventType, data });
      enqueueOutbox(q, ctx, credited, 'order.refund_succeeded');
    }
  }
  const after = await selectRefund(q, before.noRefund);
  if (!after) throw new Error(`refund ${before.noRefund} vanished inside its own transaction`);
  return after;
}

export async function listRefunds(ctx: Ctx, noOrder: string): Promise<Refund[]> {
  return (await ctx.driver.all(`SELECT ${COLUMNS} FROM refunds WHERE no_order = ? ORDER BY created_at, no_refund`, [noOrder])).map(toRefund);
}

/**
 * Open refunds last heard about before `before`, each leased to `owner` for `leaseMs` in the same
 * statement (as the outbox is claimed), so of several instances exactly one asks LianLian about a
 * refund; the lease of a crashed instance runs out and another takes the refund over.
 */
export function claimOpenRefunds(ctx: Ctx, claim: OpenRefundClaim): Promise<Refund[]> {
  const now = ctx.now().getTime();
  return ctx.driver.tx(async (q) => {
    const rows = await q.all(
      `UPDATE refunds SET lease_owner = ?, lease_until = ?
        WHERE no_refund IN (SELECT no_refund FROM refunds WHERE status IN ('requested', 'processing') AND updated_at <= ?
                              AND (lease_until IS NULL OR lease_until <= ?) ORDER BY updated_at LIMIT ?${ctx.driver.skipLocked})
          AND status IN ('requested', 'processing') AND (lease_until IS NULL OR lease_until <= ?)
        RETURNING ${COLUMNS}`,
      [claim.owner, now + claim.leaseMs, claim.before.getTime(), now, claim.limit, now],
    );
    return rows.map(toRefund).sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime());
  });
}

export async function listOpenRefunds(ctx: Ctx, before: Date, limit: number): Promise<Refund[]> {
  const rows = await ctx.driver.all(
    `SELECT ${COLUMNS} FROM refunds WHERE status IN ('requested', 'processing') AND updated_at <= ? ORDER BY updated_at LIMIT ?`,
    [before.getTime(), limit],
  );
  return rows.map(toRefund);
}

export function getRefund(ctx: Ctx, noRefund: string): Promise<Refund | undefined> {
  return selectRefund(ctx.driver, noRefund);
}
