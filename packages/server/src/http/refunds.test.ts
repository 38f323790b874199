import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { openLedger } from '../ledger/index.js';
import { newOrder } from '../../test/support/ledger.js';
import type { Ledger } from '../ledger/types.js';
import { generateTestKeys, OID_PARTNER, signAsLianLian, testConfig, testDeps } from '../../test/support/payments.js';
import { fakeLianLian, type FakeLianLian } from '../../test/support/fake-lianlian.js';

/** The callback and refund routes as mounted by createApp: its middleware, its problem+json handler. */
const keys = generateTestKeys();
let ledger: Ledger;
let lianlian: FakeLianLian;
let base = '';
let close: () => Promise<void> = () => Promise.resolve();
const KEY = 'shop-api-key-0123456789abcdef';

beforeAll(async () => {
  lianlian = await fakeLianLian(keys);
  ledger = await openLedger('sqlite::memory:');
  const app = createApp(testDeps(testConfig(keys, { LIANLIAN_GATEWAY_URL: lianlian.url }), ledger));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise<void>((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await close();
  await lianlian.close();
  await ledger.close();
});

describe('callbacks and refunds inside createApp', () => {
  it('records a text/json notification and then refunds it through the shop API', async () => {
    const o = newOrder({ amountFen: 1000 });
    await ledger.createOrder({ order: o });
    await ledger.markCheckoutSigned(o.noOrder, {});
    const note = signAsLianLian(
      { oid_partner: OID_PARTNER, no_order: o.noOrder, dt_order: o.dtOrder, oid_paybill: '2026030100000042', money_order: '10.00', result_pay: 'SUCCESS' },
      keys.lianlian.privateKey,
    );
    const notified = await fetch(`${base}/lianlian/notify`, { method: 'POST', body: JSON.stringify(note), headers: { 'content-type': 'text/json' } });
    expect(await notified.text()).toBe('{"ret_code":"0000","ret_msg":"交易成功"}');
    lianlian.answers['/refund.htm'] = (req) => ({
      ret_code: '0000', ret_msg: '交易成功', oid_partner: OID_PARTNER, no_refund: req.no_refund ?? '', dt_refund: req.dt_refund ?? '',
      money_refund: req.money_refund ?? '', oid_refundno: '2026030100000001', sta_refund: '2',
    });
    const res = await fetch(`${base}/v1/orders/${o.noOrder}/refunds`, {
      method: 'POST', body: JSON.stringify({ amount: '10.00' }), headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ no_order: o.noOrder, amount: '10.00', status: 'succeeded' });
    expect((await ledger.getOrder(o.noOrder))?.status).toBe('refunded');
  });

  it('answers refund errors as problem+json with a stable code', async () => {
    const bad = await fetch(`${base}/v1/orders/X/refunds`, {
      method: 'POST', body: JSON.stringify({ amount: 10 }), headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await bad.json()).toMatchObject({ code: 'amount_not_string' });
    const anonymous = await fetch(`${base}/v1/orders/X/refunds`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(anonymous.status).toBe(401);
  });
});
