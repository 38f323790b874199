import { toOutbox } from './rows.js';
import type { Ctx } from './tx.js';
import type { OutboxClaim, OutboxMessage } from './types.js';

/**
 * The shop-event outbox. A worker leases due messages with a conditional UPDATE, so several
 * instances never send the same message at the same time; an expired lease (a crashed worker) makes
 * the message due again, which is why delivery is at-least-once and ids are stable.
 */
const COLUMNS = 'id, no_order, type, body, created_at, attempts, next_attempt_at, delivered_at, last_error';

export function claimOutbox(ctx: Ctx, claim: OutboxClaim): Promise<OutboxMessage[]> {
  return ctx.driver.tx(async (q) => {
    const now = ctx.now().getTime();
    const due = await q.all(
      `SELECT id FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ?
         AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt_at, seq LIMIT ?`,
      [now, now, claim.limit],
    );
    const claimed: OutboxMessage[] = [];
    for (const row of due) {
      // Conditional: on PostgreSQL another instance may have leased the row since the SELECT.
      const n = await q.run(
        `UPDATE outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
          WHERE id = ? AND delivered_at IS NULL AND (lease_until IS NULL OR lease_until <= ?)`,
        [claim.owner, now + claim.leaseMs, row.id, now],
      );
      if (n !== 1) continue;
      const rows = await q.all(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`, [row.id]);
      if (rows[0]) claimed.push(toOutbox(rows[0]));
    }
    return claimed;
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
