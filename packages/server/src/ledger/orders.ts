import type { Fen, Product } from '@lianlian-checkout/protocol';
import type { Sql } from './driver.js';
import { ORDER_COLUMNS, orderInsertParams, toEvent, toOrder } from './rows.js';
import { insertEvent, lockOrder, moveOrder, selectOrder, type Ctx } from './tx.js';
import type { CheckoutLimitCheck, CreateOrderInput, CreateOrderResult, IdempotencyRecord, Order, OrderEvent } from './types.js';

/** The order half of the ledger (the `OrderLedger` contract the order and checkout routes use). */
class RollBack extends Error {
  constructor(readonly result: CreateOrderResult) {
    super('rollback');
  }
}

export const INSERT_ORDER =
  'INSERT INTO orders (no_order, product, amount_fen, name_goods, user_id, busi_partner, dt_order, info_order, url_order, ' +
  'valid_order_minutes, customer_ip, risk_item, extra, status, created_at, updated_at, expires_at, checkout_token_hash, ' +
  'checkout_token_expires_at, oid_paybill, refunded_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ' +
  'ON CONFLICT DO NOTHING';

export async function createOrder(ctx: Ctx, input: CreateOrderInput): Promise<CreateOrderResult> {
  try {
    return await ctx.driver.tx(async (q) => {
      const key = input.idempotency;
      // The key is claimed first: a concurrent request with the same key waits on the unique index
      // (PostgreSQL) or the write lock (SQLite) and then sees the stored first response.
      if (key && !(await claimKey(q, ctx, key))) {
        const rows = await q.all('SELECT request_hash, status, body FROM idempotency_keys WHERE key = ?', [key.key]);
        const stored = rows[0];
        if (!stored || String(stored.request_hash) !== key.requestHash) return { kind: 'idempotency_conflict' };
        return { kind: 'replayed', record: { key: key.key, requestHash: key.requestHash, status: Number(stored.status), body: JSON.parse(String(stored.body)) as unknown } };
      }
      if ((await q.run(INSERT_ORDER, orderInsertParams(input.order, ctx.vault))) !== 1) throw new RollBack({ kind: 'duplicate_no_order' });
      insertEvent(q, ctx, input.order.noOrder, { type: 'created', data: { amount_fen: input.order.amountFen, product: input.order.product } });
      const order = await selectOrder(q, ctx, input.order.noOrder);
      if (!order) throw new Error(`order ${input.order.noOrder} vanished inside its own transaction`);
      return { kind: 'created', order };
    });
  } catch (error) {
    if (error instanceof RollBack) return error.result;
    throw error;
  }

}

async function claimKey(q: Sql, ctx: Ctx, key: IdempotencyRecord): Promise<boolean> {
  const n = await q.run(
    'INSERT INTO idempotency_keys (key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    [key.key, key.requestHash, key.status, JSON.stringify(key.body), ctx.now().getTime()],
  );
  return n === 1;
}

export async function getOrderByTokenHash(ctx: Ctx, tokenHash: string): Promise<Order | undefined> {
  const rows = await ctx.driver.all(`SELECT ${ORDER_COLUMNS} FROM orders WHERE checkout_token_hash = ?`, [tokenHash]);
  return rows[0] ? toOrder(rows[0], ctx.vault) : undefined;
}

export async function listEvents(ctx: Ctx, noOrder: string): Promise<OrderEvent[]> {
  return (await ctx.driver.all('SELECT seq, no_order, type, at, data FROM order_events WHERE no_order = ? ORDER BY seq', [noOrder])).map((r) => toEvent(r, ctx.vault));
}

/**
 * Records a signing (`created` → `pending`, a `checkout_signed` event). Relaxed durability: losing
 * this row to a power cut is harmless (a `created` order still accepts LianLian's notification, and
 * the form can be signed again), so the signing path does not wait for an fsync (docs/ledger.md).
 *
 * With `limits`, the customer's checkouts of the product are serialised first (`lockKey`), then the
 * check runs inside this transaction against the order as it is now and the customer's totals as
 * they are now; a throw refuses the signing and rolls everything back. So two checkouts of one
 * customer cannot both fit under a limit, whichever processes serve them.
 */
export function markCheckoutSigned(ctx: Ctx, noOrder: string, data: Record<string, unknown>, limits?: CheckoutLimitCheck): Promise<Order | undefined> {
  return ctx.driver.tx(async (q) => {
    // The customer's lock, the order's row and the total the check will want: started together, so
    // PostgreSQL gets them (and the BEGIN) in one round trip, and runs them in this order.
    const expected = limits?.expected;
    const [, order, expectedTotal] = await Promise.all([
      limits ? ctx.driver.lockKey(q, limits.lockKey) : undefined,
      lockOrder(q, ctx, noOrder),
      expected ? sumCustomerAmount(q, expected) : undefined,
    ]);
    if (!order || (order.status !== 'created' && order.status !== 'pending')) return undefined;
    if (limits) {
      const sameCustomer = expected && expected.userId === order.userId && expected.product === order.product;
      await limits.check(order, (since) =>
        sameCustomer && expectedTotal !== undefined && since.getTime() === expected.since.getTime()
          ? Promise.resolve(expectedTotal)
          : sumCustomerAmount(q, { userId: order.userId, product: order.product, since }));
    }
    return moveOrder(q, ctx, order, { event: 'checkout_signed', history: { type: 'checkout_signed', data }, signedAt: ctx.now() }).order;
  }, { durability: 'relaxed', batch: limits?.lockKey ?? noOrder });
}

export function expireOrder(ctx: Ctx, noOrder: string, now: Date): Promise<Order | undefined> {
  return ctx.driver.tx(async (q) => {
    const order = await lockOrder(q, ctx, noOrder);
    if (!order || order.expiresAt.getTime() > now.getTime()) return undefined;
    if (order.status !== 'created' && order.status !== 'pending') return undefined;
    return moveOrder(q, ctx, order, { event: 'order_expired', history: { type: 'expired', data: {} } }).order;
  });
}

export async function sumCustomerAmount(q: Sql, query: { userId: string; product: Product; since: Date }): Promise<Fen> {
  const rows = await q.all(
    "SELECT COALESCE(SUM(amount_fen), 0) AS total FROM orders WHERE user_id = ? AND product = ? AND signed_at >= ? AND status IN ('pending', 'paid')",
    [query.userId, query.product, query.since.getTime()],
  );
  return Number(rows[0]?.total ?? 0);
}
