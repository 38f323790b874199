import { afterEach, describe, expect, it } from 'vitest';
import { orderBody, SHOP_KEY, startHarness, type Harness } from '../../test/support/harness.js';

/**
 * LianLian's pre-go-live limits (spec §1) at the HTTP level: 50 CNY per transaction, per Beijing
 * day and per Beijing month, per customer and product, counting pending and paid orders.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function refusal(res: Response): Promise<Record<string, unknown>> {
  expect(res.status).toBe(422);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body.code).toBe('limit_exceeded');
  return body;
}

const at = (iso: string): Date => new Date(iso);

describe('pre-go-live limits', () => {
  it('counts the Beijing day: 23:50 and 00:10 Beijing are different days while UTC is still one', async () => {
    h = await startHarness({ start: at('2026-03-14T15:50:00Z'), env: { LIANLIAN_LIMIT_PER_MONTH: '500.00' } }); // Beijing 2026-03-14 23:50
    const a = await h.order(orderBody('web', { user_id: 'day-user', amount: '30.00' }));
    expect((await h.checkout(a.checkout_token)).status).toBe(200);
    const b = await h.order(orderBody('web', { user_id: 'day-user', amount: '30.00' }));
    const body = await refusal(await h.checkout(b.checkout_token));
    expect(body).toMatchObject({ limit: 'per_day', resets_at: '2026-03-15T00:00:00+08:00', limit_amount: '50.00', remaining: '20.00', product: 'web' });
    expect(body.detail).toMatch(/LianLian's default limits until the product goes live/);
    // Other customers and other products have their own budget.
    const c = await h.order(orderBody('web', { user_id: 'other-user', amount: '30.00' }));
    expect((await h.checkout(c.checkout_token)).status).toBe(200);
    h.clock.at = at('2026-03-14T16:10:00Z'); // Beijing 2026-03-15 00:10: a new day, UTC still the 14th
    expect((await h.checkout(b.checkout_token)).status).toBe(200);
  });

  it('counts an order on the Beijing day its form was signed, not the day it was created', async () => {
    h = await startHarness({ start: at('2026-03-14T15:50:00Z'), env: { LIANLIAN_LIMIT_PER_MONTH: '500.00' } }); // Beijing 2026-03-14 23:50
    const early = await h.order(orderBody('web', { user_id: 'late-signer', amount: '30.00' }));
    h.clock.at = at('2026-03-14T16:10:00Z'); // Beijing 2026-03-15 00:10
    expect((await h.checkout(early.checkout_token)).status).toBe(200);
    const next = await h.order(orderBody('web', { user_id: 'late-signer', amount: '30.00' }));
    expect(await refusal(await h.checkout(next.checkout_token))).toMatchObject({ limit: 'per_day', remaining: '20.00' });
  });

  it('lets only one of two simultaneous checkouts of one customer through when both would break the limit', async () => {
    h = await startHarness({ env: { LIANLIAN_LIMIT_PER_MONTH: '500.00' } });
    const harness = h;
    const orders = await Promise.all([1, 2, 3].map(() => harness.order(orderBody('web', { user_id: 'racer', amount: '30.00' }))));
    const answers = await Promise.all(orders.map((o) => harness.checkout(o.checkout_token)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 422, 422]);
    // One new order signed twice at once is counted once: 30 + 20 fits the day's 50 both times.
    const last = await h.order(orderBody('web', { user_id: 'racer', amount: '20.00' }));
    const twice = await Promise.all([harness.checkout(last.checkout_token), harness.checkout(last.checkout_token)]);
    expect(twice.map((r) => r.status)).toEqual([200, 200]);
    // Another customer is not held up by, or counted with, this one.
    const other = await h.order(orderBody('web', { user_id: 'bystander', amount: '30.00' }));
    expect((await h.checkout(other.checkout_token)).status).toBe(200);
  });

  it('resets both at the Beijing month boundary', async () => {
    h = await startHarness({ start: at('2026-03-31T15:50:00Z') }); // Beijing 2026-03-31 23:50
    const a = await h.order(orderBody('web', { user_id: 'edge-user', amount: '50.00' }));
    expect((await h.checkout(a.checkout_token)).status).toBe(200);
    const b = await h.order(orderBody('web', { user_id: 'edge-user', amount: '50.00' }));
    // The month's limit (100.00) is hit too, but the day's is checked against the day: it resets first.
    expect(await refusal(await h.checkout(b.checkout_token))).toMatchObject({ remaining: '0.00', resets_at: expect.stringMatching(/^2026-04-01T00:00:00\+08:00$/) });
    h.clock.at = at('2026-03-31T16:10:00Z'); // Beijing 2026-04-01 00:10
    expect((await h.checkout(b.checkout_token)).status).toBe(200);
  });

  it('counts the Beijing month, and paid orders as well as pending ones', async () => {
    h = await startHarness({ start: at('2026-03-10T04:00:00Z') });
    const a = await h.order(orderBody('web', { user_id: 'month-user', amount: '30.00' }));
    expect((await h.checkout(a.checkout_token)).status).toBe(200);
    await h.ledger.applyStatusEvent(a.no_order, 'payment_succeeded', { type: 'test', data: {} });
    h.clock.at = at('2026-03-11T04:00:00Z');
    const b = await h.order(orderBody('web', { user_id: 'month-user', amount: '30.00' }));
    expect(await refusal(await h.checkout(b.checkout_token))).toMatchObject({ limit: 'per_month', resets_at: '2026-04-01T00:00:00+08:00', remaining: '20.00' });
    const small = await h.order(orderBody('web', { user_id: 'month-user', amount: '20.00' }));
    expect((await h.checkout(small.checkout_token)).status).toBe(200);
    // A re-checkout of a pending order does not count the order against itself.
    expect((await h.checkout(small.checkout_token)).status).toBe(200);
    const none = await h.order(orderBody('web', { user_id: 'month-user', amount: '0.01' }));
    expect(await refusal(await h.checkout(none.checkout_token))).toMatchObject({ limit: 'per_month', remaining: '0.00' });
  });

  it('uses configured per-product limits, and none once the product is live', async () => {
    h = await startHarness({ env: { LIANLIAN_WEB_LIMIT_PER_TRANSACTION: '10.00', LIANLIAN_PRODUCTS: 'web,aggregate', LIANLIAN_LIVE_PRODUCTS: 'aggregate' } });
    const auth = { authorization: `Bearer ${SHOP_KEY}` };
    expect(await refusal(await h.post('/v1/orders', orderBody('web', { amount: '10.01' }), auth))).toMatchObject({ limit: 'per_transaction', limit_amount: '10.00' });
    expect(await refusal(await h.post('/v1/orders', orderBody('web', { amount: '10.01' }), auth))).not.toHaveProperty('resets_at');
    const live = await h.order(orderBody('aggregate', { amount: '5000.00' }));
    expect((await h.checkout(live.checkout_token)).status).toBe(200);
  });
});
