import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lianlianRouter } from '../http/lianlian.js';
import { openLedger } from '../ledger/index.js';
import { newOrder } from '../../test/support/ledger.js';
import type { Ledger, Order } from '../ledger/types.js';
import { shopReturnLocation } from './return.js';
import { generateTestKeys, OID_PARTNER, serve, signAsLianLian, testConfig, testDeps, type Served } from '../../test/support/payments.js';

const keys = generateTestKeys();
let ledger: Ledger;
let server: Served;

beforeAll(async () => {
  ledger = await openLedger('sqlite::memory:');
  server = await serve(lianlianRouter(testDeps(testConfig(keys), ledger)));
});
afterAll(async () => {
  await server.close();
  await ledger.close();
});

async function pendingOrder(): Promise<Order> {
  const o = newOrder();
  await ledger.createOrder({ order: o });
  return (await ledger.markCheckoutSigned(o.noOrder, {}))!;
}

const returnFields = (o: Order) =>
  signAsLianLian(
    { oid_partner: OID_PARTNER, no_order: o.noOrder, dt_order: o.dtOrder, oid_paybill: '2026030100001234', money_order: '49.95', result_pay: 'SUCCESS', settle_date: '20260301' },
    keys.lianlian.privateKey,
  );

async function send(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
}

const shop = (no: string, status: string) => `https://shop.example/orders/${no}?status=${status}`;

describe('GET|POST /lianlian/return', () => {
  it('records a verified form return as a hint only (never paid) and 303s with status pending, no cookies', async () => {
    const o = await pendingOrder();
    const res = await send('/lianlian/return', { method: 'POST', body: new URLSearchParams(returnFields(o)) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(shop(o.noOrder, 'pending'));
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await ledger.getOrder(o.noOrder))?.status).toBe('pending');
    expect((await ledger.listEvents(o.noOrder)).map((e) => e.type)).toContain('return_hint');
    expect(await ledger.listOrdersToReconcile({ now: new Date(), hintBefore: new Date(Date.now() + 1000), createdBefore: new Date(0), notQueriedSince: new Date(Date.now() + 1000), limit: 5 }))
      .toEqual(expect.arrayContaining([expect.objectContaining({ noOrder: o.noOrder })]));
  });

  it('reads H5 res_data from a form body, a JSON body and the query string', async () => {
    const bodies: [string, RequestInit][] = [];
    for (const kind of ['form', 'json', 'query'] as const) {
      const o = await pendingOrder();
      const resData = JSON.stringify(returnFields(o));
      if (kind === 'form') bodies.push([o.noOrder, { method: 'POST', body: new URLSearchParams({ res_data: resData }) }]);
      if (kind === 'json') bodies.push([o.noOrder, { method: 'POST', body: JSON.stringify({ res_data: resData }), headers: { 'content-type': 'application/json' } }]);
      if (kind === 'query') bodies.push([`${o.noOrder}?q`, {}]);
    }
    for (const [no, init] of bodies) {
      const noOrder = no.replace('?q', '');
      const path = no.endsWith('?q') ? `/lianlian/return?res_data=${encodeURIComponent(JSON.stringify(returnFields((await ledger.getOrder(noOrder))!)))}` : '/lianlian/return';
      const res = await send(path, init);
      expect(res.headers.get('location')).toBe(shop(noOrder, 'pending'));
      expect((await ledger.listEvents(noOrder)).filter((e) => e.type === 'return_hint')).toHaveLength(1);
    }
  });

  it('reports paid once the notification has been recorded', async () => {
    const o = await pendingOrder();
    await ledger.recordPaymentCallback({ noOrder: o.noOrder, oidPaybill: 'P1', resultPay: 'SUCCESS', fields: {}, event: 'payment_succeeded', eventType: 'notify_verified' });
    const res = await send('/lianlian/return', { method: 'POST', body: new URLSearchParams(returnFields(o)) });
    expect(res.headers.get('location')).toBe(shop(o.noOrder, 'paid'));
  });

  it('sends a bare GET on with status unknown', async () => {
    const res = await send('/lianlian/return');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(shop('', 'unknown'));
  });

  it('does not record a tampered return as a hint, and does not reveal the order\'s status', async () => {
    const o = await pendingOrder();
    const res = await send('/lianlian/return', { method: 'POST', body: new URLSearchParams({ ...returnFields(o), result_pay: 'FAILURE' }) });
    expect(res.headers.get('location')).toBe(shop(o.noOrder, 'unknown'));
    const types = (await ledger.listEvents(o.noOrder)).map((e) => e.type);
    expect(types).toContain('return_unverified');
    expect(types).not.toContain('return_hint');
  });

  it('URL-encodes no_order and status into SHOP_RETURN_URL', () => {
    expect(shopReturnLocation('https://s.example/r/{no_order}?s={status}&again={no_order}', 'A B&c/1', 'paid')).toBe(
      'https://s.example/r/A%20B%26c%2F1?s=paid&again=A%20B%26c%2F1',
    );
  });
});
