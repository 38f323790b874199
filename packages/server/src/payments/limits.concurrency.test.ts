import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLedger } from '../ledger/index.js';
import { announceSkip, createSchema, dropSchema, TEST_DATABASE_URL } from '../../test/support/postgres.js';
import type { Ledger } from '../ledger/types.js';
import { inParallel, startInstances } from '../../test/support/cluster.js';
import { generateTestKeys, OID_PARTNER } from '../../test/support/payments.js';

/**
 * LianLian's pre-go-live day limit (50 CNY) across two signing-server processes on one database:
 * each customer has three 30 CNY orders, and all their checkouts arrive at once, spread over both
 * processes. Exactly one per customer may get a form. A check made outside the signing transaction,
 * or without a lock that holds across processes, lets two through.
 */
const CUSTOMERS = 12;
const SHOP_KEY = 'shop-api-key-0123456789abcdef';
const ORIGIN = 'http://localhost:3000';
const keys = generateTestKeys();
const env = (databaseUrl: string, schema?: string): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  ...(schema ? { LEDGER_SCHEMA: schema } : {}),
  LIANLIAN_OID_PARTNER: OID_PARTNER,
  LIANLIAN_PRIVATE_KEY: keys.merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  LIANLIAN_PUBLIC_KEY: keys.lianlian.publicKey.export({ type: 'spki', format: 'pem' }) as string,
  ALLOWED_ORIGINS: ORIGIN,
  SHOP_API_KEY: SHOP_KEY,
  SHOP_RETURN_URL: 'https://shop.example/orders/{no_order}?status={status}',
  LIANLIAN_GATEWAY_URL: 'http://127.0.0.1:9',
  LIANLIAN_LIMIT_PER_MONTH: '500.00',
  RATE_LIMIT_PER_MINUTE: '100000',
  LOG_LEVEL: 'warn',
});

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

describe('pre-go-live limits, two instances, one SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'limits-race-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('gives each customer exactly one form when three checkouts that only fit once arrive at once', async () => {
    const url = `sqlite:${join(dir, 'race.db')}`;
    const ledger = await openLedger(url);
    try {
      await race(ledger, env(url));
    } finally {
      await ledger.close();
    }
  }, 60_000);
});

announceSkip('pre-go-live limits, two instances, one PostgreSQL database');

describe.skipIf(!TEST_DATABASE_URL)('pre-go-live limits, two instances, one PostgreSQL database', () => {
  const url = TEST_DATABASE_URL ?? '';
  it('gives each customer exactly one form when three checkouts that only fit once arrive at once', async () => {
    const schema = await createSchema(url, 'limits_race');
    const ledger = await openLedger(url, { schema });
    try {
      await race(ledger, env(url, schema));
    } finally {
      await ledger.close();
      await dropSchema(url, schema);
    }
  }, 60_000);
});
