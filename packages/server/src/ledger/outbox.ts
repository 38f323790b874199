import { toOutbox } from './rows.js';
import type { Ctx } from './tx.js';
import type { OutboxClaim, OutboxMessage } from './types.js';

/**
 * The shop-event outbox. A worker claims due messages with one `UPDATE … RETURNING` that leases
 * them to it (`lease_owner`, `lease_until`): on PostgreSQL the inner `SELECT` skips rows another
 * instance is claiming at that moment (`FOR UPDATE SKIP LOCKED`), so concurrent workers take
 * disjoint batches instead of queueing on each other; on SQLite the write lock does the same. A
 * message leased to a worker that crashed is due again when its lease expires, which is why delivery
 * is at-least-once and ids are stable.
 */
const COLUMNS = 'id, no_order, type, body, created_at, attempts, next_attempt_at, delivered_at, last_error';

export function claimOutbox(ctx: Ctx, claim: OutboxClaim): Promise<OutboxMessage[]> {
  const now = ctx.now().getTime();
  return ctx.driver.tx(async (q) => {
    const rows = await q.all(
      `UPDATE outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
        WHERE id IN (SELECT id FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ?
                       AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt_at, seq LIMIT ?${ctx.driver.skipLocked})
          AND delivered_at IS NULL AND (lease_until IS NULL OR lease_until <= ?)
        RETURNING seq, ${COLUMNS}`,
      [claim.owner, now + claim.leaseMs, now, now, claim.limit, now],
    );
    // RETURNING follows no ORDER BY: oldest due first, as they were picked.
    return rows.sort((a, b) => Number(a.next_attempt_at) - Number(b.next_attempt_at) || Number(a.seq) - Number(b.seq)).map(toOutbox);
  });
}

export async function completeOutbox(ctx: Ctx, id: string, owner: string): Promise<boolean> {
  const n = await ctx.driver.run(
    'UPDATE outbox SET delivered_at = ?, lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE id = ? AND lease_owner = ?',
    [ctx.now().getTime(), id, owner],
  );
  return n === 1;
}

export async function retryOutbox(ctx: Ctx, id: string, owner: string, retry: { error: string; nextAttemptAt: Date }): Promise<boolean> {
  const n = await ctx.driver.run(
    'UPDATE outbox SET next_attempt_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ? AND delivered_at IS NULL',
    [retry.nextAttemptAt.getTime(), retry.error.slice(0, 500), id, owner],
  );
  return n === 1;
}

export async function listOutbox(ctx: Ctx, noOrder?: string): Promise<OutboxMessage[]> {
  const rows = noOrder === undefined
    ? await ctx.driver.all(`SELECT ${COLUMNS} FROM outbox ORDER BY seq`)
    : await ctx.driver.all(`SELECT ${COLUMNS} FROM outbox WHERE no_order = ? ORDER BY seq`, [noOrder]);
  return rows.map(toOutbox);
}
