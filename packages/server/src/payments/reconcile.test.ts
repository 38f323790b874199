import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../ledger/index.js';
import { newOrder } from '../../test/support/ledger.js';
import type { Ledger, Order } from '../ledger/types.js';
import { reconcileOnce, reconcileOrder } from './reconcile.js';
import { generateTestKeys, OID_PARTNER, testConfig, testDeps } from '../../test/support/payments.js';
import { fakeLianLian, type FakeLianLian } from '../../test/support/fake-lianlian.js';

const keys = generateTestKeys();
let ledger: Ledger;
let lianlian: FakeLianLian;
let deps: ReturnType<typeof testDeps>;
const clock = { at: new Date('2026-03-01T06:00:00Z') };

beforeAll(async () => {
  // bank_name/memo/card_no are unsigned in query answers (spec §6.1): the fake adds them after signing.
  lianlian = await fakeLianLian(keys, { bank_name: '工商银行', memo: 'x', card_no: '6222****1234' });
  ledger = await openLedger('sqlite::memory:', { now: () => clock.at });
  deps = testDeps(testConfig(keys, { LIANLIAN_GATEWAY_URL: lianlian.url }), ledger, { now: () => clock.at });
});
afterAll(async () => {
  await lianlian.close();
  await ledger.close();
});

async function pendingOrder(createdAt = new Date('2026-03-01T04:00:00Z')): Promise<Order> {
  const o = newOrder({}, createdAt);
  await ledger.createOrder({ order: o });
  return (await ledger.markCheckoutSigned(o.noOrder, {}))!;
}

const queryAnswer = (resultPay: string) => (req: Record<string, string>) => ({
  ret_code: '0000', ret_msg: '交易成功', oid_partner: OID_PARTNER, no_order: req.no_order ?? '', dt_order: req.dt_order ?? '',
  oid_paybill: '2026030199990001', money_order: '49.95', result_pay: resultPay, settle_date: '20260301',
});

describe('reconciler', () => {
  it('queries a pending order past the retry window with a signed request and applies SUCCESS', async () => {
    const order = await pendingOrder();
    lianlian.answers['/orderquery.htm'] = queryAnswer('SUCCESS');
    expect(await reconcileOnce(deps)).toBeGreaterThanOrEqual(1);
    const request = lianlian.requests.find((r) => r.fields.no_order === order.noOrder);
    expect(request).toMatchObject({ signatureValid: true, fields: { oid_partner: OID_PARTNER, dt_order: order.dtOrder, sign_type: 'RSA' } });
    expect(await ledger.getOrder(order.noOrder)).toMatchObject({ status: 'paid', oidPaybill: '2026030199990001' });
    expect((await ledger.listOutbox(order.noOrder)).map((m) => m.type)).toContain('order.paid');
    expect(await reconcileOnce(deps)).toBe(0);
  });

  it('leaves a recent order without a return hint alone, and queries it a minute after a hint', async () => {
    const order = await pendingOrder(new Date(clock.at.getTime() - 5 * 60_000));
    lianlian.answers['/orderquery.htm'] = queryAnswer('PROCESSING');
    const before = lianlian.requests.length;
    await reconcileOnce(deps);
    expect(lianlian.requests.length).toBe(before);
    await ledger.recordReturnHint(order.noOrder, {});
    clock.at = new Date(clock.at.getTime() + 61_000);
    await reconcileOnce(deps);
    expect(lianlian.requests.slice(before).map((r) => r.fields.no_order)).toEqual([order.noOrder]);
    expect((await ledger.getOrder(order.noOrder))?.status).toBe('pending');
  });

  it('asks LianLian once per order when several instances reconcile at the same moment', async () => {
    const orders = await Promise.all([1, 2, 3, 4, 5].map(() => pendingOrder()));
    lianlian.answers['/orderquery.htm'] = queryAnswer('PROCESSING');
    const before = lianlian.requests.length;
    // Three reconcilers over one ledger, as three server instances would run them.
    const counts = await Promise.all([reconcileOnce(deps), reconcileOnce(deps), reconcileOnce(deps)]);
    const asked = lianlian.requests.slice(before).map((r) => r.fields.no_order ?? '');
    expect(asked.filter((n) => orders.some((o) => o.noOrder === n)).sort()).toEqual(orders.map((o) => o.noOrder).sort());
    expect(new Set(asked).size).toBe(asked.length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(asked.length);
    // Asked again only once the requery interval has passed, and then again by one of them.
    expect(await reconcileOnce(deps)).toBe(0);
    clock.at = new Date(clock.at.getTime() + 10 * 60_000 + 1);
    const again = await Promise.all([reconcileOnce(deps), reconcileOnce(deps)]);
    expect(again.reduce((a, b) => a + b, 0)).toBe(lianlian.requests.length - before - asked.length);
    expect(new Set(lianlian.requests.slice(before + asked.length).map((r) => r.fields.no_order)).size).toBe(lianlian.requests.length - before - asked.length);
  });

  it('never lets a query undo paid, and expires an order LianLian still shows WAITING after valid_order', async () => {
    const paid = await pendingOrder();
    await ledger.recordPaymentCallback({ noOrder: paid.noOrder, oidPaybill: 'P', resultPay: 'SUCCESS', fields: {}, event: 'payment_succeeded', eventType: 'notify_verified' });
    lianlian.answers['/orderquery.htm'] = queryAnswer('FAILURE');
    expect((await reconcileOrder(deps, (await ledger.getOrder(paid.noOrder))!)).status).toBe('paid');
    const waiting = await pendingOrder();
    lianlian.answers['/orderquery.htm'] = queryAnswer('WAITING');
    expect((await reconcileOrder(deps, waiting)).status).toBe('expired');
  });

  it('expires an order LianLian has no record of once valid_order has passed', async () => {
    lianlian.answers['/orderquery.htm'] = () => ({ ret_code: '8901', ret_msg: '没有记录' });
    const fresh = await pendingOrder(new Date(clock.at.getTime() - 60_000));
    expect((await reconcileOrder(deps, fresh)).status).toBe('pending');
    const stale = await pendingOrder();
    expect((await reconcileOrder(deps, stale)).status).toBe('expired');
  });

  it('rejects a tampered query answer and records the failure in the history', async () => {
    const order = await pendingOrder();
    // Signed with the merchant's key instead of LianLian's: must not verify.
    const forged = await fakeLianLian({ ...keys, lianlian: keys.merchant });
    forged.answers['/orderquery.htm'] = queryAnswer('SUCCESS');
    const forgedDeps = { ...deps, config: testConfig(keys, { LIANLIAN_GATEWAY_URL: forged.url }) };
    expect((await reconcileOrder(forgedDeps, order)).status).toBe('pending');
    await forged.close();
    expect((await ledger.listEvents(order.noOrder)).map((e) => [e.type, e.data.reason])).toContainEqual(['query_failed', 'signature_mismatch']);
  });

  it('asks again about an order a notification failed, while valid_order lasts, and applies a later SUCCESS', async () => {
    const order = await pendingOrder(new Date(clock.at.getTime() - 60_000));
    await ledger.recordPaymentCallback({ noOrder: order.noOrder, oidPaybill: 'F1', resultPay: 'FAILURE', fields: {}, event: 'payment_failed', eventType: 'notify_verified' });
    expect((await ledger.getOrder(order.noOrder))?.status).toBe('failed');
    // The buyer paid again on LianLian's cashier under the same no_order; LianLian's answer says so.
    lianlian.answers['/orderquery.htm'] = (req) => ({ ...queryAnswer('SUCCESS')(req), oid_paybill: '2026030199990002', money_order: '49.950' });
    const before = lianlian.requests.length;
    await reconcileOnce(deps);
    expect(lianlian.requests.slice(before).map((r) => r.fields.no_order)).toContain(order.noOrder);
    expect(await ledger.getOrder(order.noOrder)).toMatchObject({ status: 'paid', oidPaybill: '2026030199990002' });
    expect((await ledger.listOutbox(order.noOrder)).map((m) => m.type)).toEqual(['order.pending', 'order.failed', 'order.paid']);
  });

  it('reads amounts in query answers written the Double.toString way (spec §9)', async () => {
    const o = newOrder({ amountFen: 100_000 });
    await ledger.createOrder({ order: o });
    const order = (await ledger.markCheckoutSigned(o.noOrder, {}))!;
    lianlian.answers['/orderquery.htm'] = (req) => ({ ...queryAnswer('SUCCESS')(req), money_order: '1000.0' });
    expect((await reconcileOrder(deps, order)).status).toBe('paid');
  });

  it.each([
    ['wrong_merchant', { oid_partner: '201408071000009999' }],
    ['wrong_merchant', { oid_partner: '' }],
    ['wrong_order', { no_order: 'SOMEONE-ELSES-ORDER' }],
    ['wrong_amount', { money_order: '0.01' }],
    ['wrong_amount', { money_order: '4.995E1' }],
    ['wrong_amount', { money_order: '' }],
  ])('applies a signed SUCCESS answer only after the notification checks: %s %j is recorded, logged, never paid', async (reason, change) => {
    const order = await pendingOrder();
    lianlian.answers['/orderquery.htm'] = (req) => ({ ...queryAnswer('SUCCESS')(req), ...change });
    deps.logs.lines.length = 0;
    expect((await reconcileOrder(deps, order)).status).toBe('pending');
    expect((await ledger.getOrder(order.noOrder))?.status).toBe('pending');
    expect((await ledger.listOutbox(order.noOrder)).map((m) => m.type)).toEqual(['order.pending']);
    expect((await ledger.listEvents(order.noOrder)).filter((e) => e.type === 'query_rejected').map((e) => e.data.reason)).toEqual([reason]);
    expect(deps.logs.lines.find((l) => l.msg === 'order query answer does not match the order; not applied')).toMatchObject({ no_order: order.noOrder, reason });
  });
});

