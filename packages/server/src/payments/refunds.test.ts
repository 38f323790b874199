import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type express from 'express';
import { HttpError } from '../errors.js';
import { lianlianRouter } from '../http/lianlian.js';
import { refundsRouter } from '../http/refunds.js';
import { openLedger } from '../ledger/index.js';
import { newOrder } from '../../test/support/ledger.js';
import type { Ledger } from '../ledger/types.js';
import { reconcileOnce } from './reconcile.js';
import { generateTestKeys, OID_PARTNER, serve, signAsLianLian, testConfig, testDeps, type Served } from '../../test/support/payments.js';
import { fakeLianLian, type FakeLianLian } from '../../test/support/fake-lianlian.js';

const keys = generateTestKeys();
let ledger: Ledger;
let lianlian: FakeLianLian;
let server: Served;
const KEY = 'shop-api-key-0123456789abcdef';

beforeAll(async () => {
  lianlian = await fakeLianLian(keys);
  ledger = await openLedger('sqlite::memory:');
  const deps = testDeps(testConfig(keys, { LIANLIAN_GATEWAY_URL: lianlian.url }), ledger);
  // Stand-in for the app's problem+json handler, enough to read status and code.
  const errors: express.ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    const e = err instanceof HttpError ? err : undefined;
    res.status(e?.status ?? 500).json({ code: e?.code ?? 'internal' });
  };
  server = await serve(refundsRouter(deps), lianlianRouter(deps), errors);
});
afterAll(async () => {
  await server.close();
  await lianlian.close();
  await ledger.close();
});

async function paidOrder(amountFen = 1000): Promise<string> {
  const o = newOrder({ amountFen });
  await ledger.createOrder({ order: o });
  await ledger.recordPaymentCallback({ noOrder: o.noOrder, oidPaybill: 'P1', resultPay: 'SUCCESS', fields: {}, event: 'payment_succeeded', eventType: 'notify_verified' });
  return o.noOrder;
}

/** The amount of a refund as applied, written the way LianLian writes amounts (`Double.toString`, spec §9). */
function appliedAmount(noRefund: string | undefined): string {
  const applied = lianlian.requests.find((r) => r.path === '/refund.htm' && r.fields.no_refund === noRefund)?.fields.money_refund ?? '';
  return applied === '' ? '' : String(Number(applied)).replace(/^(\d+)$/, '$1.0');
}

const refundOk = (sta: string) => (req: Record<string, string>) => ({
  ret_code: '0000', ret_msg: '交易成功', oid_partner: OID_PARTNER, no_refund: req.no_refund ?? '', dt_refund: req.dt_refund ?? '',
  money_refund: appliedAmount(req.no_refund), oid_refundno: `LR${req.no_refund ?? ''}`.slice(0, 16), sta_refund: sta, settle_date: '20260301',
});

async function refund(noOrder: string, body: unknown, key = KEY): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/v1/orders/${noOrder}/refunds`, {
    method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('POST /v1/orders/:no_order/refunds', () => {
  it('needs the shop bearer key', async () => {
    expect((await refund(await paidOrder(), { amount: '1.00' }, 'wrong-key')).status).toBe(401);
  });

  it('applies partial refunds through refund.htm, checks the cumulative amount, and replays a no_refund', async () => {
    const no = await paidOrder(1000);
    lianlian.answers['/refund.htm'] = refundOk('1');
    const first = await refund(no, { amount: '6.00', no_refund: 'RF-1' });
    expect(first).toMatchObject({ status: 201, json: { no_refund: 'RF-1', amount: '6.00', status: 'processing' } });
    const sent = lianlian.requests.find((r) => r.path === '/refund.htm' && r.fields.no_refund === 'RF-1');
    expect(sent).toMatchObject({ signatureValid: true, fields: { money_refund: '6.00', no_order: no, notify_url: 'https://pay.shop.example/lianlian/notify' } });
    expect(await refund(no, { amount: '6.00', no_refund: 'RF-1' })).toMatchObject({ status: 200, json: { no_refund: 'RF-1' } });
    expect(await refund(no, { amount: '5.00' })).toMatchObject({ status: 409, json: { code: 'refund_exceeds_amount' } });
    expect(await refund(no, { amount: '6.0' })).toMatchObject({ status: 400 });
  });

  it('marks a refund refused by LianLian failed and frees its amount', async () => {
    const no = await paidOrder(1000);
    lianlian.answers['/refund.htm'] = () => ({ ret_code: '5007', ret_msg: '累计退款金额大于原交易金额' });
    expect(await refund(no, { amount: '10.00' })).toMatchObject({ status: 201, json: { status: 'failed' } });
    lianlian.answers['/refund.htm'] = refundOk('0');
    expect(await refund(no, { amount: '10.00' })).toMatchObject({ status: 201, json: { status: 'requested' } });
  });

  it('settles refunds from notifications and the refund query: paid → refunded when complete', async () => {
    const no = await paidOrder(1000);
    lianlian.answers['/refund.htm'] = refundOk('1');
    await refund(no, { amount: '4.00', no_refund: 'RN-1' });
    await refund(no, { amount: '6.00', no_refund: 'RN-2' });
    const note = signAsLianLian(
      // money_refund as LianLian writes amounts (Double.toString, spec §9), not as we sent it.
      { oid_partner: OID_PARTNER, no_refund: 'RN-1', dt_refund: '20260301120000', money_refund: '4.0', oid_refundno: 'LR1', sta_refund: '2', settle_date: '20260301' },
      keys.lianlian.privateKey,
    );
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.url}/lianlian/notify`, { method: 'POST', body: JSON.stringify(note), headers: { 'content-type': 'text/json' } });
      expect(await res.json()).toMatchObject({ ret_code: '0000' });
    }
    expect(await ledger.getOrder(no)).toMatchObject({ status: 'paid', refundedFen: 400 });
    const forged = { ...note, no_refund: 'RN-2', money_refund: '6.00', sta_refund: '2' };
    const refused = await fetch(`${server.url}/lianlian/notify`, { method: 'POST', body: JSON.stringify(forged), headers: { 'content-type': 'text/json' } });
    expect(await refused.json()).toMatchObject({ ret_code: '9999', ret_msg: 'signature_mismatch' });
    expect((await ledger.listEvents(no)).filter((e) => e.type === 'notify_rejected').map((e) => e.data.reason)).toEqual(['signature_mismatch']);
    lianlian.answers['/refundquery.htm'] = refundOk('2');
    await reconcileOnce({ ...testDeps(testConfig(keys, { LIANLIAN_GATEWAY_URL: lianlian.url }), ledger) }, { refundQueryDelayMs: 0 });
    expect(await ledger.getOrder(no)).toMatchObject({ status: 'refunded', refundedFen: 1000 });
    expect((await ledger.listOutbox(no)).map((m) => m.type)).toEqual(['order.paid', 'order.refund_succeeded', 'order.refunded']);
  });

  it('applies a refund answer only when it is about this refund and its amount', async () => {
    const no = await paidOrder(1000);
    lianlian.answers['/refund.htm'] = (req) => ({ ...refundOk('1')(req), money_refund: '1.0' });
    expect(await refund(no, { amount: '3.00', no_refund: 'RM-1' })).toMatchObject({ status: 502, json: { code: 'lianlian_unavailable' } });
    expect((await ledger.getRefund('RM-1'))?.status).toBe('requested');
    lianlian.answers['/refundquery.htm'] = (req) => ({ ...refundOk('2')(req), no_refund: 'SOMEONE-ELSES' });
    // A check without a usable answer is asked again once its claim lapses (WORKER_LEASE_SECONDS); here at once.
    await reconcileOnce({ ...testDeps(testConfig(keys, { LIANLIAN_GATEWAY_URL: lianlian.url }), ledger) }, { refundQueryDelayMs: 0, leaseMs: 0 });
    expect((await ledger.getRefund('RM-1'))?.status).toBe('requested');
    expect(await ledger.getOrder(no)).toMatchObject({ status: 'paid', refundedFen: 0 });
    const rejected = (await ledger.listEvents(no)).filter((e) => e.type === 'refund_answer_rejected').map((e) => e.data.reason);
    expect(rejected).toEqual(['wrong_amount', 'wrong_refund']);
    lianlian.answers['/refundquery.htm'] = refundOk('2');
    await reconcileOnce({ ...testDeps(testConfig(keys, { LIANLIAN_GATEWAY_URL: lianlian.url }), ledger) }, { refundQueryDelayMs: 0 });
    expect(await ledger.getOrder(no)).toMatchObject({ status: 'paid', refundedFen: 300 });
  });

  it('refuses refunds of unpaid orders and unknown orders', async () => {
    const o = newOrder();
    await ledger.createOrder({ order: o });
    expect(await refund(o.noOrder, { amount: '1.00' })).toMatchObject({ status: 409, json: { code: 'order_not_refundable' } });
    expect(await refund('NOPE', { amount: '1.00' })).toMatchObject({ status: 404, json: { code: 'order_not_found' } });
  });
});
