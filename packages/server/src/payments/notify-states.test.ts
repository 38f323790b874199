import { afterAll, beforeAll, expect, it } from 'vitest';
import { lianlianRouter } from '../http/lianlian.js';
import { openLedger } from '../ledger/index.js';
import { describeOnEachDatabase } from '../../test/support/databases.js';
import { newOrder } from '../../test/support/ledger.js';
import type { Ledger } from '../ledger/types.js';
import { generateTestKeys, OID_PARTNER, serve, signAsLianLian, signAsLianLianDroppingNull, testConfig, testDeps, type Served } from '../../test/support/payments.js';

/**
 * Issue 13 at the notify route, on SQLite and on PostgreSQL: amounts written the way LianLian
 * writes them, both "null" signing rules, and every state LianLian reports, applied in order.
 */
const keys = generateTestKeys();
describeOnEachDatabase('notify states', (db) => {
  let ledger: Ledger;
  let server: Served;

  beforeAll(async () => {
    const { url, schema } = await db.fresh('notify_states');
    ledger = await openLedger(url, schema ? { schema } : {});
    server = await serve(lianlianRouter(testDeps(testConfig(keys), ledger)));
  });
  afterAll(async () => {
    await server.close();
    await ledger.close();
  });

  async function pending(amountFen = 4995): Promise<string> {
    const o = newOrder({ amountFen });
    await ledger.createOrder({ order: o });
    await ledger.markCheckoutSigned(o.noOrder, {});
    return o.noOrder;
  }

  const fields = (noOrder: string, overrides: Record<string, string>): Record<string, string> => ({
    oid_partner: OID_PARTNER, no_order: noOrder, dt_order: '20260301120000', oid_paybill: 'B1', money_order: '49.95',
    result_pay: 'SUCCESS', settle_date: '20260301', info_order: '', pay_type: '1', bank_code: '01020000', ...overrides,
  });

  async function notify(body: Record<string, string>): Promise<string> {
    const res = await fetch(`${server.url}/lianlian/notify`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'text/json;charset=utf-8' } });
    return ((await res.json()) as { ret_msg: string }).ret_msg;
  }
  const send = (noOrder: string, overrides: Record<string, string>): Promise<string> => notify(signAsLianLian(fields(noOrder, overrides), keys.lianlian.privateKey));
  const outbox = async (no: string): Promise<string[]> => (await ledger.listOutbox(no)).map((m) => m.type);

  it('accepts money_order written by Double.toString: "0.1", "1000.0", "10", "12.300"', async () => {
    for (const [fen, written] of [[10, '0.1'], [100_000, '1000.0'], [1000, '10'], [1230, '12.300']] as const) {
      const no = await pending(fen);
      expect(await send(no, { money_order: written }), written).toBe('交易成功');
      expect((await ledger.getOrder(no))?.status, written).toBe('paid');
    }
    const no = await pending(10);
    expect(await send(no, { money_order: '0.105' })).toBe('wrong_amount');
    expect(await send(no, { money_order: '1.0E-1' })).toBe('wrong_amount');
    expect((await ledger.getOrder(no))?.status).toBe('pending');
  });

  it('verifies notifications signed under either "null" rule, and neither', async () => {
    const a = await pending();
    expect(await notify(signAsLianLian(fields(a, { info_order: 'null' }), keys.lianlian.privateKey))).toBe('交易成功');
    const b = await pending();
    expect(await notify(signAsLianLianDroppingNull(fields(b, { info_order: 'NULL', bank_code: 'null' }), keys.lianlian.privateKey))).toBe('交易成功');
    expect((await ledger.getOrder(b))?.status).toBe('paid');
    const c = await pending();
    const changed = { ...signAsLianLian(fields(c, { info_order: 'null' }), keys.lianlian.privateKey), info_order: 'Null' };
    expect(await notify(changed)).toBe('signature_mismatch');
    expect((await ledger.getOrder(c))?.status).toBe('pending');
  });

  it('applies WAITING, PROCESSING, FAILURE, then SUCCESS of one payment: paid, order.paid', async () => {
    const no = await pending();
    for (const r of ['WAITING', 'PROCESSING', 'FAILURE', 'FAILURE', 'SUCCESS', 'SUCCESS']) expect(await send(no, { result_pay: r }), r).toBe('交易成功');
    expect((await ledger.getOrder(no))?.status).toBe('paid');
    expect(await outbox(no)).toEqual(['order.pending', 'order.failed', 'order.paid']);
    expect((await ledger.listEvents(no)).filter((e) => e.type === 'notify_verified').map((e) => e.data.result_pay)).toEqual(['WAITING', 'PROCESSING', 'FAILURE', 'SUCCESS']);
  });

  it('applies SUCCESS then REFUND: refunded, order.refunded, in the history', async () => {
    const no = await pending();
    expect(await send(no, {})).toBe('交易成功');
    expect(await send(no, { result_pay: 'REFUND' })).toBe('交易成功');
    expect((await ledger.getOrder(no))?.status).toBe('refunded');
    expect(await outbox(no)).toEqual(['order.pending', 'order.paid', 'order.refunded']);
    expect((await ledger.listEvents(no)).at(-1)).toMatchObject({ type: 'notify_verified', data: { result_pay: 'REFUND', from: 'paid', to: 'refunded' } });
  });

  it('records a second payment under a new oid_paybill and tells the shop to refund it', async () => {
    const no = await pending();
    expect(await send(no, {})).toBe('交易成功');
    expect(await send(no, { oid_paybill: 'B2' })).toBe('交易成功');
    expect(await send(no, { oid_paybill: 'B2' })).toBe('交易成功');
    expect(await ledger.getOrder(no)).toMatchObject({ status: 'paid', oidPaybill: 'B1' });
    expect((await ledger.listDuplicatePayments(no)).map((d) => d.oidPaybill)).toEqual(['B2']);
    expect(await outbox(no)).toEqual(['order.pending', 'order.paid', 'order.duplicate_payment']);
  });
});
