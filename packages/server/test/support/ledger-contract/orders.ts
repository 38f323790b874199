import { expect, it } from 'vitest';
import { newOrder } from '../ledger.js';
import type { Ledger } from '../../../src/ledger/types.js';

/**
 * The ledger contract: one suite, run by every adapter (sqlite.test.ts, postgres.test.ts).
 * `open` returns a fresh, migrated, empty ledger whose clock is `clock.now`.
 */
export interface ContractHarness {
  open(clock: { now: () => Date }): Promise<Ledger>;
}

export const T0 = new Date('2026-03-01T04:00:00Z');

/** Opens a fresh ledger whose clock starts at T0, runs `fn`, and closes it. */
export async function withLedger(h: ContractHarness, fn: (l: Ledger, clock: { at: Date }) => Promise<void>): Promise<void> {
  const clock = { at: T0 };
  const ledger = await h.open({ now: () => clock.at });
  try {
    await fn(ledger, clock);
  } finally {
    await ledger.close();
  }
}

export function orderContract(h: ContractHarness): void {
  it('migrates idempotently and answers ping', () =>
    withLedger(h, async (l) => {
      await l.migrate();
      await l.ping();
    }));

  it('creates an order once, refuses a duplicate no_order and finds it by token hash', () =>
    withLedger(h, async (l) => {
      const o = newOrder();
      const first = await l.createOrder({ order: o });
      expect(first.kind).toBe('created');
      expect((await l.createOrder({ order: { ...o, checkoutTokenHash: 'x'.repeat(64) } })).kind).toBe('duplicate_no_order');
      const found = await l.getOrderByTokenHash(o.checkoutTokenHash);
      expect(found).toMatchObject({ noOrder: o.noOrder, status: 'created', amountFen: 4995, refundedFen: 0, riskItem: o.riskItem });
      expect(found?.createdAt.getTime()).toBe(T0.getTime());
      expect((await l.listEvents(o.noOrder)).map((e) => e.type)).toEqual(['created']);
    }));

  it('replays an idempotency key with the same body and refuses it with another', () =>
    withLedger(h, async (l) => {
      const record = { key: 'idem-1', requestHash: 'a'.repeat(64), status: 201, body: { no_order: 'X1' } };
      expect((await l.createOrder({ order: newOrder({ noOrder: 'X1' }), idempotency: record })).kind).toBe('created');
      const again = await l.createOrder({ order: newOrder({ noOrder: 'X2' }), idempotency: record });
      expect(again).toEqual({ kind: 'replayed', record });
      const other = await l.createOrder({ order: newOrder({ noOrder: 'X3' }), idempotency: { ...record, requestHash: 'b'.repeat(64) } });
      expect(other.kind).toBe('idempotency_conflict');
      expect(await l.getOrder('X2')).toBeUndefined();
    }));

  it('keeps an idempotency key unused when the order insert is refused', () =>
    withLedger(h, async (l) => {
      await l.createOrder({ order: newOrder({ noOrder: 'D1' }) });
      const record = { key: 'idem-2', requestHash: 'c'.repeat(64), status: 201, body: {} };
      expect((await l.createOrder({ order: newOrder({ noOrder: 'D1' }), idempotency: record })).kind).toBe('duplicate_no_order');
      expect((await l.createOrder({ order: newOrder({ noOrder: 'D2' }), idempotency: record })).kind).toBe('created');
    }));

  it('marks checkout signed (created → pending, stays pending) and refuses other statuses', () =>
    withLedger(h, async (l) => {
      const o = newOrder();
      await l.createOrder({ order: o });
      expect((await l.markCheckoutSigned(o.noOrder, { n: 1 }))?.status).toBe('pending');
      expect((await l.markCheckoutSigned(o.noOrder, { n: 2 }))?.status).toBe('pending');
      expect((await l.listOutbox(o.noOrder)).map((m) => m.type)).toEqual(['order.pending']);
      await l.expireOrder(o.noOrder, new Date(T0.getTime() + 31 * 60_000));
      expect(await l.markCheckoutSigned(o.noOrder, {})).toBeUndefined();
      expect(await l.markCheckoutSigned('nope', {})).toBeUndefined();
    }));

  it('expires only after expiresAt and only created/pending orders', () =>
    withLedger(h, async (l) => {
      const o = newOrder();
      await l.createOrder({ order: o });
      expect(await l.expireOrder(o.noOrder, new Date(T0.getTime() + 29 * 60_000))).toBeUndefined();
      expect((await l.expireOrder(o.noOrder, new Date(T0.getTime() + 30 * 60_000)))?.status).toBe('expired');
      expect((await l.getOrder(o.noOrder))?.status).toBe('expired');
    }));

  it('runs a checkout limit check inside the signing transaction, and rolls back when it refuses', () =>
    withLedger(h, async (l) => {
      const first = newOrder({ amountFen: 3000 });
      const second = newOrder({ amountFen: 3000 });
      for (const o of [first, second]) await l.createOrder({ order: o });
      const seen: { status: string; total: number }[] = [];
      const check = {
        lockKey: 'limits ["web","u10001"]',
        async check(order: { status: string; amountFen: number }, sumSince: (since: Date) => Promise<number>) {
          const total = await sumSince(T0);
          seen.push({ status: order.status, total });
          if (total - (order.status === 'pending' ? order.amountFen : 0) + order.amountFen > 5000) throw new Error('over the limit');
        },
      };
      expect((await l.markCheckoutSigned(first.noOrder, { n: 1 }, check))?.status).toBe('pending');
      await expect(l.markCheckoutSigned(second.noOrder, { n: 2 }, check)).rejects.toThrow('over the limit');
      expect((await l.getOrder(second.noOrder))?.status).toBe('created');
      expect((await l.listEvents(second.noOrder)).map((e) => e.type)).toEqual(['created']);
      // A re-checkout of the pending order sees itself counted, and fits.
      expect((await l.markCheckoutSigned(first.noOrder, { n: 3 }, check))?.status).toBe('pending');
      expect(seen).toEqual([{ status: 'created', total: 0 }, { status: 'created', total: 3000 }, { status: 'pending', total: 3000 }]);
    }));

  it('sums a customer\'s pending and paid amounts since a date', () =>
    withLedger(h, async (l) => {
      const a = newOrder({ amountFen: 1000 });
      const b = newOrder({ amountFen: 2000 });
      const other = newOrder({ amountFen: 4000, userId: 'someone-else' });
      for (const o of [a, b, other]) await l.createOrder({ order: o });
      await l.markCheckoutSigned(a.noOrder, {});
      await l.markCheckoutSigned(other.noOrder, {});
      expect(await l.sumCustomerAmount({ userId: 'u10001', product: 'web', since: T0 })).toBe(1000);
      expect(await l.sumCustomerAmount({ userId: 'u10001', product: 'web', since: new Date(T0.getTime() + 1) })).toBe(0);
    }));
}
