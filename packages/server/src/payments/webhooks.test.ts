import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openLedger } from '../ledger/index.js';
import { newOrder } from '../../test/support/ledger.js';
import type { Ledger } from '../ledger/types.js';
import { verifyWebhookSignature } from '../webhook-verify.js';
import { AnswerGate, generateTestKeys, serve, testConfig, testDeps, type Served } from '../../test/support/payments.js';
import { backoffMs, deliverDue } from './webhooks.js';

const keys = generateTestKeys();
const SECRET = 'whsec_test_0123456789abcdef';
const clock = { at: new Date('2026-03-01T04:00:00Z') };
let shop: Served;
let received: { id: string; type: string; verified: boolean }[] = [];
let failNext = 0;
const gate = new AnswerGate();
let ledger: Ledger;
let deps: ReturnType<typeof testDeps>;

beforeAll(async () => {
  const r = express.Router();
  r.post('/hooks', express.raw({ type: 'application/json' }), async (req, res) => {
    await gate.pass();
    const event = verifyWebhookSignature({ payload: req.body as Buffer, header: req.get('lianlian-checkout-signature'), secret: SECRET, now: () => clock.at });
    received.push({ id: event.id, type: event.type, verified: true });
    if (failNext > 0) {
      failNext--;
      res.status(500).end();
      return;
    }
    res.status(204).end();
  });
  shop = await serve(r);
});
afterAll(() => shop.close());
beforeEach(async () => {
  received = [];
  failNext = 0;
  gate.holdUntil(0);
  await ledger?.close();
  ledger = await openLedger('sqlite::memory:', { now: () => clock.at });
  deps = testDeps(testConfig(keys, { SHOP_WEBHOOK_URL: `${shop.url}/hooks`, SHOP_WEBHOOK_SECRET: SECRET }), ledger, { now: () => clock.at });
});

async function paidOrder(): Promise<string> {
  const o = newOrder();
  await ledger.createOrder({ order: o });
  await ledger.markCheckoutSigned(o.noOrder, {});
  await ledger.recordPaymentCallback({ noOrder: o.noOrder, oidPaybill: 'P1', resultPay: 'SUCCESS', fields: {}, event: 'payment_succeeded', eventType: 'notify_verified' });
  return o.noOrder;
}

describe('shop webhook delivery', () => {
  it('posts signed JSON events with stable ids, each once', async () => {
    const no = await paidOrder();
    expect(await deliverDue(deps)).toBe(2);
    expect(received.map((r) => r.type)).toEqual(['order.pending', 'order.paid']);
    const outbox = await ledger.listOutbox(no);
    expect(received.map((r) => r.id)).toEqual(outbox.map((m) => m.id));
    expect(outbox.every((m) => m.deliveredAt !== undefined)).toBe(true);
    expect(JSON.parse(outbox[1].body)).toMatchObject({ id: outbox[1].id, type: 'order.paid', data: { order: { no_order: no, status: 'paid', amount: '49.95' } } });
    expect(await deliverDue(deps)).toBe(0);
  });

  it('retries a failed delivery with exponential backoff and the same event id', async () => {
    await paidOrder();
    failNext = 2;
    expect(await deliverDue(deps)).toBe(0);
    const failed = (await ledger.listOutbox()).filter((m) => !m.deliveredAt);
    expect(failed.map((m) => m.lastError)).toEqual(['HTTP 500', 'HTTP 500']);
    expect(failed.map((m) => m.nextAttemptAt.getTime() - clock.at.getTime())).toEqual([5_000, 5_000]);
    expect(await deliverDue(deps)).toBe(0);
    clock.at = new Date(clock.at.getTime() + 5_000);
    expect(await deliverDue(deps)).toBe(2);
    expect(new Set(received.map((r) => r.id)).size).toBe(2);
    expect([backoffMs(1), backoffMs(2), backoffMs(3), backoffMs(40)]).toEqual([5_000, 10_000, 20_000, 6 * 3_600_000]);
  });

  it('never sends one event twice at once from concurrent workers', async () => {
    for (let i = 0; i < 10; i++) await paidOrder();
    // Every answer waits until all 20 events are in flight: the three rounds overlap for certain.
    gate.holdUntil(20);
    const counts = await Promise.all([deliverDue(deps, { owner: 'A' }), deliverDue(deps, { owner: 'B' }), deliverDue(deps, { owner: 'C' })]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(20);
    expect(received).toHaveLength(20);
    expect(new Set(received.map((r) => r.id)).size).toBe(20);
  });
});
