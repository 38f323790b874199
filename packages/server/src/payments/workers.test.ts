import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lianlianRouter } from '../http/lianlian.js';
import { openLedger } from '../ledger/index.js';
import { newOrder } from '../../test/support/ledger.js';
import type { Ledger } from '../ledger/types.js';
import { generateTestKeys, OID_PARTNER, serve, signAsLianLian, testConfig, testDeps, type Served } from '../../test/support/payments.js';
import { startWorkers } from './workers.js';

const keys = generateTestKeys();
let shop: Served;
let ledger: Ledger;
let release: () => void = () => undefined;
let hits = 0;

beforeAll(async () => {
  const r = express.Router();
  // A shop whose webhook endpoint hangs until the test releases it.
  r.post('/hooks', async (_req, res) => {
    hits++;
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    res.status(200).end();
  });
  shop = await serve(r);
  ledger = await openLedger('sqlite::memory:');
});
afterAll(async () => {
  release();
  await shop.close();
  await ledger.close();
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('startWorkers', () => {
  it('answers notifications fast while the shop webhook hangs, and stop() waits for the delivery in flight', async () => {
    const config = testConfig(keys, { SHOP_WEBHOOK_URL: `${shop.url}/hooks`, SHOP_WEBHOOK_SECRET: 'whsec_test_0123456789abcdef' });
    const deps = testDeps(config, ledger);
    const app = await serve(lianlianRouter(deps));
    const workers = startWorkers(deps, { deliveryIntervalMs: 100, reconcileIntervalMs: 60_000 });
    const o = newOrder();
    await ledger.createOrder({ order: o });
    await ledger.markCheckoutSigned(o.noOrder, {});
    await until(() => hits > 0);
    const note = signAsLianLian(
      { oid_partner: OID_PARTNER, no_order: o.noOrder, dt_order: o.dtOrder, oid_paybill: '2026030100000001', money_order: '49.95', result_pay: 'SUCCESS' },
      keys.lianlian.privateKey,
    );
    const started = Date.now();
    const res = await fetch(`${app.url}/lianlian/notify`, { method: 'POST', body: JSON.stringify(note), headers: { 'content-type': 'text/json' } });
    expect(await res.json()).toMatchObject({ ret_code: '0000' });
    expect(Date.now() - started).toBeLessThan(1_000);
    let stopped = false;
    const stopping = workers.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect((await ledger.listOutbox(o.noOrder)).map((m) => m.deliveredAt !== undefined)).toEqual([true, false]);
    await app.close();
  });
});
