import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lianlianRouter } from '../http/lianlian.js';
import { openLedger } from '../ledger/index.js';
import { newOrder } from '../../test/support/ledger.js';
import type { Ledger } from '../ledger/types.js';
import { generateTestKeys, OID_PARTNER, serve, signAsLianLian, testConfig, testDeps, type Served } from '../../test/support/payments.js';
import { useFakeTimeouts } from '../../test/support/timers.js';
import { startWorkers } from './workers.js';

const keys = generateTestKeys();
let shop: Served;
let ledger: Ledger;
/** What happened, in order: the shop's webhook answering, `stop()` resolving. */
const events: string[] = [];
let release: () => void = () => undefined;
let hit: () => void = () => undefined;
const firstHit = new Promise<void>((resolve) => {
  hit = resolve;
});
let hits = 0;

beforeAll(async () => {
  const r = express.Router();
  // A shop whose webhook endpoint hangs until the test releases it.
  r.post('/hooks', async (_req, res) => {
    hits++;
    hit();
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    events.push('webhook answered');
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

describe('startWorkers', () => {
  // The workers' intervals are fake timers: the test moves them instead of waiting.
  useFakeTimeouts();

  it('answers notifications while the shop webhook hangs, and stop() waits for the delivery in flight', async () => {
    const config = testConfig(keys, { SHOP_WEBHOOK_URL: `${shop.url}/hooks`, SHOP_WEBHOOK_SECRET: 'whsec_test_0123456789abcdef' });
    const deps = testDeps(config, ledger);
    const app = await serve(lianlianRouter(deps));
    const workers = startWorkers(deps, { deliveryIntervalMs: 100, reconcileIntervalMs: 60_000 });
    const o = newOrder();
    await ledger.createOrder({ order: o });
    await ledger.markCheckoutSigned(o.noOrder, {});
    await vi.advanceTimersByTimeAsync(100);
    await firstHit;
    const note = signAsLianLian(
      { oid_partner: OID_PARTNER, no_order: o.noOrder, dt_order: o.dtOrder, oid_paybill: '2026030100000001', money_order: '49.95', result_pay: 'SUCCESS' },
      keys.lianlian.privateKey,
    );
    const res = await fetch(`${app.url}/lianlian/notify`, { method: 'POST', body: JSON.stringify(note), headers: { 'content-type': 'text/json' } });
    expect(await res.json()).toMatchObject({ ret_code: '0000' });
    expect({ hits, events }, 'LianLian got its answer while the webhook was still hanging').toEqual({ hits: 1, events: [] });
    const stopping = workers.stop().then(() => events.push('stopped'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events, 'stop() still waits, a minute later, for the delivery in flight').toEqual([]);
    release();
    await stopping;
    expect(events).toEqual(['webhook answered', 'stopped']);
    expect((await ledger.listOutbox(o.noOrder)).map((m) => m.deliveredAt !== undefined)).toEqual([true, false]);
    expect(hits, 'no round after stop()').toBe(1);
    await app.close();
  });
});
