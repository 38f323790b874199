import type { Tx } from './driver.js';
import { toEvent } from './rows.js';
import { insertEvent, selectOrder, type Ctx } from './tx.js';
import type { CallbackTally, CountedCallback, EventPage, TalliedKind } from './types.js';

/**
 * An order's history, bounded against floods: callbacks anyone can send (an unsigned return, a
 * rejected notification, a replayed return) are counted per order and kind, and only the first
 * `KEPT_PER_KIND` of each kind become events. Everything else about them is in the logs.
 */
export const KEPT_PER_KIND = 5;

const TALLY =
  'INSERT INTO callback_tallies (no_order, kind, hits, first_at, last_at) VALUES (?, ?, 1, ?, ?) ' +
  'ON CONFLICT (no_order, kind) DO UPDATE SET hits = callback_tallies.hits + 1, last_at = excluded.last_at RETURNING hits';

/**
 * Counts one callback of `kind` for an order (inside the caller's transaction) and writes its
 * history event while the count is within `KEPT_PER_KIND`. The upsert is atomic on both databases,
 * so concurrent callbacks each get their own count and exactly the first few are kept.
 */
export async function tally(q: Tx, ctx: Ctx, noOrder: string, event: { type: TalliedKind; data: Record<string, unknown> }): Promise<CountedCallback> {
  const at = ctx.now().getTime();
  const rows = await q.all(TALLY, [noOrder, event.type, at, at]);
  const count = Number(rows[0]?.hits);
  const kept = count <= KEPT_PER_KIND;
  if (kept) insertEvent(q, ctx, noOrder, event);
  return { count, kept };
}

export function countCallback(ctx: Ctx, noOrder: string, event: { type: TalliedKind; data: Record<string, unknown> }): Promise<CountedCallback | undefined> {
  return ctx.driver.tx(async (q) => ((await selectOrder(q, ctx, noOrder)) ? tally(q, ctx, noOrder, event) : undefined));
}

export async function listCallbackTallies(ctx: Ctx, noOrder: string): Promise<CallbackTally[]> {
  const rows = await ctx.driver.all('SELECT kind, hits, first_at, last_at FROM callback_tallies WHERE no_order = ? ORDER BY kind', [noOrder]);
  return rows.map((r) => ({ kind: String(r.kind) as TalliedKind, count: Number(r.hits), firstAt: new Date(Number(r.first_at)), lastAt: new Date(Number(r.last_at)) }));
}

/** The newest `limit` events older than `before` (a `seq`), oldest first, and the order's event count. */
export async function listEventPage(ctx: Ctx, noOrder: string, page: { before?: number | undefined; limit: number }): Promise<EventPage> {
  // One row more than asked for tells whether older events remain.
  const rows = await ctx.driver.all(
    'SELECT seq, no_order, type, at, data FROM order_events WHERE no_order = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    [noOrder, page.before ?? Number.MAX_SAFE_INTEGER, page.limit + 1],
  );
  const counted = await ctx.driver.all('SELECT COUNT(*) AS n FROM order_events WHERE no_order = ?', [noOrder]);
  return { events: rows.slice(0, page.limit).map((r) => toEvent(r, ctx.vault)).reverse(), total: Number(counted[0]?.n ?? 0), older: rows.length > page.limit };
}
