import { KitError } from '@lianlian-checkout/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lianlianRouter } from '../http/lianlian.js';
import { openLedger } from '../ledger/index.js';
import { newOrder } from '../../test/support/ledger.js';
import type { Ledger, Order } from '../ledger/types.js';
import { generateTestKeys, OID_PARTNER, serve, signAsLianLian, testConfig, testDeps, type Served } from '../../test/support/payments.js';

const keys = generateTestKeys();
let ledger: Ledger;
let server: Served;
let deps: ReturnType<typeof testDeps>;

beforeAll(async () => {
  ledger = await openLedger('sqlite::memory:');
  deps = testDeps(testConfig(keys), ledger);
  server = await serve(lianlianRouter(deps));
});
afterAll(async () => {
  await server.close();
  await ledger.close();
});
beforeEach(() => {
  deps.logs.lines.length = 0;
});

async function pendingOrder(): Promise<Order> {
  const o = newOrder();
  await ledger.createOrder({ order: o });
  const order = await ledger.markCheckoutSigned(o.noOrder, {});
  if (!order) throw new Error('fixture order not pending');
  return order;
}

function notification(order: Order, overrides: Record<string, string> = {}): Record<string, string> {
  return signAsLianLian(
    {
      oid_partner: OID_PARTNER, no_order: order.noOrder, dt_order: order.dtOrder, oid_paybill: `2026${order.noOrder.slice(-12)}`,
      money_order: '49.95', result_pay: 'SUCCESS', settle_date: '20260301', info_order: '', pay_type: '1', bank_code: '01020000',
      ...overrides,
    },
    keys.lianlian.privateKey,
  );
}

async function post(body: string, contentType?: string): Promise<{ status: number; type: string | null; json: unknown }> {
  const res = await fetch(`${server.url}/lianlian/notify`, { method: 'POST', body, headers: contentType ? { 'content-type': contentType } : {} });
  return { status: res.status, type: res.headers.get('content-type'), json: await res.json() };
}

describe('POST /lianlian/notify', () => {
  it('verifies a text/json notification, records it, then answers 0000 as application/json;charset=utf-8', async () => {
    const order = await pendingOrder();
    const res = await post(JSON.stringify(notification(order)), 'text/json;charset=utf-8');
    expect(res).toEqual({ status: 200, type: 'application/json;charset=utf-8', json: { ret_code: '0000', ret_msg: '交易成功' } });
    expect(await ledger.getOrder(order.noOrder)).toMatchObject({ status: 'paid', oidPaybill: notification(order).oid_paybill });
    expect((await ledger.listOutbox(order.noOrder)).map((m) => m.type)).toEqual(['order.pending', 'order.paid']);
  });

  it.each([
    ['application/json', (f: Record<string, string>) => JSON.stringify(f)],
    [undefined, (f: Record<string, string>) => JSON.stringify(f)],
    ['application/x-www-form-urlencoded', (f: Record<string, string>) => new URLSearchParams(f).toString()],
  ])('accepts content type %s', async (type, encode) => {
    const order = await pendingOrder();
    expect((await post(encode(notification(order)), type)).json).toEqual({ ret_code: '0000', ret_msg: '交易成功' });
    expect((await ledger.getOrder(order.noOrder))?.status).toBe('paid');
  });

  it('answers a duplicate with 0000 and changes nothing', async () => {
    const order = await pendingOrder();
    const body = JSON.stringify(notification(order));
    await post(body, 'text/json');
    const events = await ledger.listEvents(order.noOrder);
    const outbox = await ledger.listOutbox(order.noOrder);
    const again = await post(body, 'text/json');
    expect(again.json).toEqual({ ret_code: '0000', ret_msg: '交易成功' });
    expect(await ledger.listEvents(order.noOrder)).toEqual(events);
    expect(await ledger.listOutbox(order.noOrder)).toEqual(outbox);
    expect(deps.logs.lines.some((l) => l.msg === 'notify duplicate: already recorded, nothing changed')).toBe(true);
  });

  it.each([
    ['signature_mismatch', (o: Order) => ({ ...notification(o), money_order: '0.01' })],
    ['signature_type_mismatch', (o: Order) => ({ ...notification(o), sign_type: 'MD5' })],
    ['wrong_merchant', (o: Order) => notification(o, { oid_partner: '201408071000009999' })],
    ['wrong_amount', (o: Order) => notification(o, { money_order: '0.01' })],
    ['unknown_result_pay', (o: Order) => notification(o, { result_pay: 'MAYBE' })],
  ])('rejects %s: non-0000, nothing changed, logged and in the order history', async (reason, build) => {
    const order = await pendingOrder();
    const res = await post(JSON.stringify(build(order)), 'text/json');
    expect(res.json).toEqual({ ret_code: '9999', ret_msg: reason });
    expect((await ledger.getOrder(order.noOrder))?.status).toBe('pending');
    expect((await ledger.listOutbox(order.noOrder)).map((m) => m.type)).toEqual(['order.pending']);
    const rejected = (await ledger.listEvents(order.noOrder)).filter((e) => e.type === 'notify_rejected');
    expect(rejected.map((e) => e.data.reason)).toEqual([reason]);
    expect(deps.logs.lines.find((l) => l.msg === 'notify rejected')).toMatchObject({ reason, no_order: order.noOrder });
  });

  it('rejects an unknown order and unreadable bodies', async () => {
    const ghost = { ...(await pendingOrder()), noOrder: 'NO-SUCH-ORDER' };
    expect((await post(JSON.stringify(notification(ghost)), 'text/json')).json).toEqual({ ret_code: '9999', ret_msg: 'unknown_order' });
    expect((await post('{"oid_partner":', 'text/json')).json).toMatchObject({ ret_code: '9999' });
    expect((await post('', 'text/json')).json).toMatchObject({ ret_code: '9999' });
  });

  it.each([
    ['the database fails', new Error('SQLITE_IOERR: disk I/O error')],
    ['the ledger reports a conflict', new KitError('ledger_conflict', 'changed during its own transaction')],
  ])('answers non-0000 (HTTP 503) and changes nothing when %s', async (_what, failure) => {
    const order = await pendingOrder();
    const broken: Ledger = { ...ledger, recordPaymentCallback: () => Promise.reject(failure) };
    const s = await serve(lianlianRouter({ ...deps, ledger: broken }));
    try {
      const res = await fetch(`${s.url}/lianlian/notify`, { method: 'POST', body: JSON.stringify(notification(order)), headers: { 'content-type': 'text/json' } });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ret_code: '9999' });
    } finally {
      await s.close();
    }
    expect((await ledger.getOrder(order.noOrder))?.status).toBe('pending');
    expect((await ledger.listEvents(order.noOrder)).map((e) => e.type)).not.toContain('notify_rejected');
  });

  it('applies the optional source-IP allowlist', async () => {
    const order = await pendingOrder();
    const only = (list: string) => testDeps(testConfig(keys, { LIANLIAN_NOTIFY_IP_ALLOWLIST: list }), ledger);
    const body = JSON.stringify(notification(order));
    for (const [list, expected] of [['115.236.102.36', 'ip_not_allowed'], ['127.0.0.1', '交易成功']] as const) {
      const s = await serve(lianlianRouter(only(list)));
      const res = await fetch(`${s.url}/lianlian/notify`, { method: 'POST', body, headers: { 'content-type': 'text/json' } });
      expect(((await res.json()) as { ret_msg: string }).ret_msg).toBe(expected);
      await s.close();
    }
  });
});
