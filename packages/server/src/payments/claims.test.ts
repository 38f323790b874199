import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../ledger/index.js';
import { announceSkip, createSchema, dropSchema, TEST_DATABASE_URL } from '../../test/support/postgres.js';
import { newOrder } from '../../test/support/ledger.js';
import type { Ledger } from '../ledger/types.js';
import { verifyWebhookSignature } from '../webhook-verify.js';
import { AnswerGate, generateTestKeys, serve, testConfig, testDeps, type Served } from '../../test/support/payments.js';
import { deliverDue } from './webhooks.js';

/**
 * Background work claimed across instances: several workers, each with its own ledger connection,
 * over one database (a SQLite file; a PostgreSQL schema), deliver every outbox event once, and the
 * events a crashed worker had claimed are delivered by another once the lease (WORKER_LEASE_SECONDS) runs out.
 */
const keys = generateTestKeys();
const SECRET = 'whsec_test_0123456789abcdef';
let shop: Served;
const gate = new AnswerGate();
const received: string[] = [];
/** The shop's clock for the signature's timestamp check: the workers' clock, which one test moves. */
let shopNow = (): Date => new Date();

beforeAll(async () => {
  const r = express.Router();
  r.post('/hooks', express.raw({ type: 'application/json' }), async (req, res) => {
    await gate.pass();
    received.push(verifyWebhookSignature({ payload: req.body as Buffer, header: req.get('lianlian-checkout-signature'), secret: SECRET, now: shopNow }).id);
    res.status(204).end();
  });
  shop = await serve(r);
});
afterAll(() => shop.close());

interface Database {
  open(now: () => Date): Promise<Ledger>;
  cleanup(): Promise<void>;
}

function claimSuite(name: string, database: () => Promise<Database>): void {
  // The shop's address is known only once it listens (beforeAll).
  const withShop = () => testConfig(keys, { SHOP_WEBHOOK_URL: `${shop.url}/hooks`, SHOP_WEBHOOK_SECRET: SECRET, WORKER_LEASE_SECONDS: '15' });

  async function paidOrders(ledger: Ledger, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const o = newOrder();
      await ledger.createOrder({ order: o });
      await ledger.markCheckoutSigned(o.noOrder, {});
      await ledger.recordPaymentCallback({ noOrder: o.noOrder, oidPaybill: `P${String(i)}`, resultPay: 'SUCCESS', fields: {}, event: 'payment_succeeded', eventType: 'notify_verified' });
    }
  }

  it(`${name}: three workers over one database deliver each outbox event once`, async () => {
    const db = await database();
    const ledgers = await Promise.all([0, 1, 2].map(() => db.open(() => new Date())));
    try {
      received.length = 0;
      await paidOrders(ledgers[0], 40);
      // The first answers wait until each worker has its first batch of 5 in flight: the rounds overlap.
      gate.holdUntil(15);
      const workers = ledgers.map((ledger, i) => ({ deps: testDeps(withShop(), ledger), owner: `w${String(i)}` }));
      const delivered = await Promise.all(workers.map(async ({ deps, owner }) => {
        let total = 0;
        for (let n = -1; n !== 0; total += n) n = await deliverDue(deps, { owner, batch: 5 });
        return total;
      }));
      const outbox = await ledgers[0].listOutbox();
      expect(outbox).toHaveLength(80);
      expect(delivered.reduce((a, b) => a + b, 0)).toBe(80);
      expect(received.slice().sort()).toEqual(outbox.map((m) => m.id).sort());
      expect(outbox.every((m) => m.deliveredAt !== undefined && m.attempts === 1)).toBe(true);
    } finally {
      for (const l of ledgers) await l.close();
      await db.cleanup();
    }
  });

  it(`${name}: a crashed worker's claims are delivered by another after the lease`, async () => {
    const db = await database();
    const clock = { at: new Date('2026-03-01T04:00:00Z') };
    const now = (): Date => clock.at;
    shopNow = now;
    const [crashed, survivor] = await Promise.all([db.open(now), db.open(now)]);
    try {
      received.length = 0;
      await paidOrders(crashed, 3);
      // The first instance claims every event (lease 15 s from WORKER_LEASE_SECONDS) and dies before sending any.
      const claimed = await crashed.claimOutbox({ owner: 'crashed', leaseMs: withShop().workerLeaseSeconds * 1000, limit: 100 });
      expect(claimed).toHaveLength(6);
      await crashed.close();
      const deps = testDeps(withShop(), survivor, { now });
      clock.at = new Date(clock.at.getTime() + 14_999);
      expect(await deliverDue(deps, { owner: 'survivor' })).toBe(0);
      expect(received).toEqual([]);
      clock.at = new Date(clock.at.getTime() + 1);
      expect(await deliverDue(deps, { owner: 'survivor' })).toBe(6);
      expect(received.slice().sort()).toEqual(claimed.map((m) => m.id).sort());
      expect(await deliverDue(deps, { owner: 'survivor' })).toBe(0);
    } finally {
      shopNow = () => new Date();
      await survivor.close();
      await db.cleanup();
    }
  });
}

describe('background work claimed across instances', () => {
  claimSuite('sqlite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-'));
    return Promise.resolve({
      open: (now) => openLedger(`sqlite:${join(dir, 'ledger.db')}`, { now }),
      cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    });
  });
});

announceSkip('background work claimed across instances: postgres');
describe.skipIf(!TEST_DATABASE_URL)('background work claimed across instances', () => {
  const url = TEST_DATABASE_URL ?? '';
  claimSuite('postgres', async () => {
    const schema = await createSchema(url, 'claims_test');
    return { open: (now) => openLedger(url, { now, schema }), cleanup: () => dropSchema(url, schema) };
  });
});
