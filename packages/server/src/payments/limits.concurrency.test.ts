import { expect } from 'vitest';
import type { Ledger } from '../ledger/types.js';
import { inParallel, startInstances } from '../../test/support/cluster.js';
import { generateTestKeys, TEST_ORIGIN as ORIGIN, TEST_SHOP_KEY as SHOP_KEY } from '../../test/support/payments.js';
import { describeRaceOnBothLedgers } from '../../test/support/race.js';

/**
 * LianLian's pre-go-live day limit (50 CNY) across two signing-server processes on one database:
 * each customer has three 30 CNY orders, and all their checkouts arrive at once, spread over both
 * processes. Exactly one per customer may get a form. A check made outside the signing transaction,
 * or without a lock that holds across processes, lets two through.
 */
const CUSTOMERS = 12;
const keys = generateTestKeys();

async function race(ledger: Ledger, instanceEnv: Record<string, string>): Promise<void> {
  const run = Date.now().toString(36);
  const instances = await startInstances(2, instanceEnv);
  try {
    const [a, b] = instances.urls as [string, string];
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => `racer-${run}-${String(i)}`);
    const tokens = await inParallel(customers.flatMap((user) => [0, 1, 2].map(() => async () => {
      const res = await fetch(`${a}/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${SHOP_KEY}` },
        body: JSON.stringify({ amount: '30.00', name_goods: '测试商品', user_id: user, product: 'web' }),
      });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { checkout_token: string; no_order: string };
      return { user, ...body };
    })), 8);
    // Every checkout at once; a customer's three go to alternating processes.
    const answers = await Promise.all(tokens.map(async (t, i) => {
      const res = await fetch(`${i % 2 === 0 ? a : b}/v1/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ token: t.checkout_token }),
      });
      const body = (await res.json()) as { code?: string };
      return { user: t.user, noOrder: t.no_order, status: res.status, code: body.code };
    }));
    for (const user of customers) {
      const mine = answers.filter((x) => x.user === user);
      expect(mine.map((x) => `${String(x.status)} ${x.code ?? ''}`).sort(), user).toEqual(['200 ', '422 limit_exceeded', '422 limit_exceeded']);
      const pending = (await Promise.all(mine.map((x) => ledger.getOrder(x.noOrder)))).filter((o) => o?.status === 'pending');
      expect(pending.map((o) => o?.noOrder), user).toEqual(mine.filter((x) => x.status === 200).map((x) => x.noOrder));
    }
  } finally {
    await instances.stop();
  }
  expect(instances.stderr.join('')).not.toMatch(/SQLITE_BUSY|deadlock/i);
}

describeRaceOnBothLedgers({
  subject: 'pre-go-live limits, two instances',
  should: 'gives each customer exactly one form when three checkouts that only fit once arrive at once',
  name: 'limits_race',
  keys,
  env: { LIANLIAN_LIMIT_PER_MONTH: '500.00', RATE_LIMIT_PER_MINUTE: '100000' },
  race,
});
