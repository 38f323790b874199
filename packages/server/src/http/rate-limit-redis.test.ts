import { randomInt } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { OUTAGE_LOG_INTERVAL_MS } from '../redis.js';
import { orderBody, SHOP_ORIGIN, startHarness, type Harness } from '../../test/support/harness.js';

/**
 * Issue 17: with REDIS_URL the per-address limits are counted in Redis, shared by every instance;
 * with Redis down the server keeps serving (fails open), logs it once per minute and /readyz says so.
 */
const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
if (!TEST_REDIS_URL) console.warn('[rate limits in Redis] SKIPPED: set TEST_REDIS_URL=redis://… to run them (.ci/run sets it).');
/** A port nothing listens on: 20000 + 100 × E2E_PORT_OFFSET + 99. */
const DEAD_REDIS = `redis://127.0.0.1:${20_099 + 100 * Number(process.env.E2E_PORT_OFFSET ?? 0)}`;
const OUTAGE = /Redis \(REDIS_URL\) does not answer/;

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function start(env: Record<string, string>): Promise<Harness> {
  const h = await startHarness({ env: { TRUST_PROXY: 'loopback', RATE_LIMIT_PER_MINUTE: '4', ...env } });
  harnesses.push(h);
  return h;
}

/** A client address of its own per test run: Redis keeps a count for a minute, across runs. */
const freshAddress = (): string => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

async function checkoutFrom(h: Harness, ip: string): Promise<Response> {
  const order = await h.order(orderBody('web', { user_id: `u${randomInt(1e9)}` }));
  return h.checkout(order.checkout_token, { origin: SHOP_ORIGIN, 'x-forwarded-for': ip });
}

describe.skipIf(!TEST_REDIS_URL)('rate limits in Redis', () => {
  it('two instances on one Redis share one budget per address', async () => {
    const [a, b] = [await start({ REDIS_URL: TEST_REDIS_URL ?? '' }), await start({ REDIS_URL: TEST_REDIS_URL ?? '' })];
    const ip = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await checkoutFrom(i % 2 === 0 ? a : b, ip)).status);
    // In memory each instance would let 4 through (8 in all); shared, 4 pass and 4 are refused.
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
    const last = await checkoutFrom(b, ip);
    expect(last.headers.get('ratelimit')).toMatch(/^limit=4, remaining=0, reset=\d+$/);
    // Another address has its own budget.
    expect((await checkoutFrom(a, freshAddress())).status).toBe(200);
    expect(await (await a.get('/readyz')).json()).toEqual({ status: 'ready', ledger: 'sqlite', redis: 'ok' });
  });

  it('/lianlian/* counts in Redis too, apart from the widget routes', async () => {
    const env = { REDIS_URL: TEST_REDIS_URL ?? '', LIANLIAN_RATE_LIMIT_PER_MINUTE: '2' };
    const [a, b] = [await start(env), await start(env)];
    const ip = freshAddress();
    const hit = async (h: Harness): Promise<number> => (await fetch(`${h.url}/lianlian/return`, { headers: { 'x-forwarded-for': ip }, redirect: 'manual' })).status;
    const statuses = [await hit(a), await hit(b), await hit(a)];
    expect(statuses.slice(0, 2).every((s) => s !== 429)).toBe(true);
    expect(statuses[2]).toBe(429);
    // The widget budget of that address is untouched.
    expect((await checkoutFrom(b, ip)).status).toBe(200);
  });
});

describe('rate limits with Redis unreachable', () => {
  it('keeps serving without counting, logs it once per minute, and /readyz reports it', async () => {
    const h = await start({ REDIS_URL: DEAD_REDIS, RATE_LIMIT_PER_MINUTE: '2' });
    const ip = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await checkoutFrom(h, ip)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const outageLines = (): Record<string, unknown>[] => h.logs.filter((l) => OUTAGE.test(l)).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(outageLines()).toHaveLength(1);
    expect(outageLines()[0]).toMatchObject({ level: 'error' });

    const ready = await h.get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'degraded', ledger: 'sqlite', redis: 'unreachable' });

    h.clock.at = new Date(h.clock.at.getTime() + OUTAGE_LOG_INTERVAL_MS - 1);
    expect((await checkoutFrom(h, ip)).status).toBe(200);
    expect(outageLines()).toHaveLength(1);
    h.clock.at = new Date(h.clock.at.getTime() + 1);
    expect((await checkoutFrom(h, ip)).status).toBe(200);
    expect(outageLines()).toHaveLength(2);
    expect(Number(outageLines()[1].failuresSinceLastLog)).toBeGreaterThan(0);
  });
});
