import { describe, expect, it } from 'vitest';
import { md5Sign, md5Verify } from '../src/crypto/sign.js';
import { beijingStamp } from '../src/lianlian/time.js';
import { control, MD5_KEY, openCashier, postForm, signed, verifiesAsLianLian, waitFor, webFields, useSandboxAndReceiver } from './support/sandbox.js';

const t = useSandboxAndReceiver();

type Json = Record<string, string>;
const post = async (path: string, body: Json): Promise<Json> =>
  (await (await fetch(`${t.h.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(body) })).json()) as Json;

async function openOrder(pay: boolean): Promise<Json> {
  const fields = webFields({ notify_url: t.receiver.url });
  const cashier = await openCashier(t.h.base, '/payment/bankgateway.htm', fields);
  if (pay) await postForm(`${cashier}/pay`, { bank_code: '01020000' });
  return fields;
}

const query = (f: Json, extra: Json = {}): Json => signed({ oid_partner: f.oid_partner, sign_type: 'RSA', no_order: f.no_order, dt_order: f.dt_order, ...extra });
const refund = (f: Json, money: string, extra: Json = {}): Json =>
  signed({ oid_partner: f.oid_partner, sign_type: 'RSA', no_refund: `R${Date.now()}${Math.random().toString(16).slice(2, 8)}`, dt_refund: beijingStamp(new Date()), money_refund: money, no_order: f.no_order, dt_order: f.dt_order, notify_url: t.receiver.url, ...extra });

/** Drops the fields LianLian leaves unsigned (spec §6.1) before verifying. */
const signedPart = ({ bank_name: _b, memo: _m, card_no: _c, ...rest }: Json): Json => rest;

describe('/orderquery.htm (spec §6.1)', () => {
  it('answers WAITING before payment and SUCCESS after, signed, with unsigned bank_name and memo', async () => {
    const f = await openOrder(false);
    expect(await post('/orderquery.htm', query(f))).toMatchObject({ ret_code: '0000', result_pay: 'WAITING' });
    await postForm(`${t.h.base}${(await control<{ cashier_url: string }>(t.h.base, 'GET', `/orders/${f.no_order}`)).json.cashier_url}/pay`, { bank_code: '01020000' });
    const answer = await post('/orderquery.htm', query(f));
    expect(answer).toMatchObject({ ret_code: '0000', result_pay: 'SUCCESS', money_order: '0.01', bank_code: '01020000', bank_name: '中国工商银行', memo: '测试商品' });
    expect(verifiesAsLianLian(answer)).toBe(false);
    expect(verifiesAsLianLian(signedPart(answer))).toBe(true);
  });

  it('finds by oid_paybill, on the wallet path too, and signs MD5 answers with the MD5 key', async () => {
    const f = await openOrder(true);
    const paybill = (await control<{ oid_paybill: string }>(t.h.base, 'GET', `/orders/${f.no_order}`)).json.oid_paybill;
    const byPaybill = signed({ oid_partner: f.oid_partner, sign_type: 'RSA', oid_paybill: paybill });
    expect(await post('/llwalletapi/orderquery.htm', byPaybill)).toMatchObject({ ret_code: '0000', no_order: f.no_order });
    const md5 = { oid_partner: f.oid_partner, sign_type: 'MD5', no_order: f.no_order, dt_order: f.dt_order };
    const answer = await post('/orderquery.htm', { ...md5, sign: md5Sign(md5, MD5_KEY) });
    expect(md5Verify(signedPart(answer), answer.sign, MD5_KEY)).toBe(true);
  });

  it('reaches every result_pay value through the control API', async () => {
    const f = await openOrder(false);
    for (const value of ['PROCESSING', 'FAILURE', 'REFUND', 'SUCCESS', 'WAITING']) {
      expect((await control(t.h.base, 'POST', `/orders/${f.no_order}/result`, { result_pay: value })).status).toBe(200);
      expect((await post('/orderquery.htm', query(f))).result_pay).toBe(value);
    }
    expect((await control(t.h.base, 'POST', `/orders/${f.no_order}/result`, { result_pay: 'PAID' })).json).toMatchObject({ code: 'result_pay_invalid' });
  });

  it('refuses a bad signature (1001), unknown orders (8901) and non-JSON (1012), unsigned', async () => {
    const f = await openOrder(false);
    expect(await post('/orderquery.htm', { ...query(f), dt_order: '20200101000000' })).toEqual({ ret_code: '1001', ret_msg: '商户请求签名未通过' });
    expect(await post('/orderquery.htm', query({ ...f, no_order: 'NOPE' }))).toEqual({ ret_code: '8901', ret_msg: '没有记录' });
    const res = await fetch(`${t.h.base}/orderquery.htm`, { method: 'POST', body: 'x=1' });
    expect(await res.json()).toEqual({ ret_code: '1012', ret_msg: '请求报文解析失败' });
  });
});

describe('/refund.htm and /refundquery.htm (spec §6.2, §6.3)', () => {
  it('refuses refunds of unpaid orders (5008) and of unknown ones (5002)', async () => {
    const f = await openOrder(false);
    expect((await post('/refund.htm', refund(f, '0.01'))).ret_code).toBe('5008');
    expect((await post('/refund.htm', refund({ ...f, no_order: 'NOPE' }, '0.01'))).ret_code).toBe('5002');
  });

  it('accepts a refund as processing, notifies its notify_url, and reports success on query', async () => {
    const f = await openOrder(true);
    const req = refund(f, '0.01');
    const answer = await post('/refund.htm', req);
    expect(answer).toMatchObject({ ret_code: '0000', sta_refund: '1', money_refund: '0.01', no_refund: req.no_refund });
    expect(verifiesAsLianLian(answer)).toBe(true);
    const hit = await waitFor(() => t.receiver.hits.find((x) => x.body.includes(req.no_refund)));
    const body = JSON.parse(hit.body) as Json;
    expect(body).toMatchObject({ sta_refund: '2', oid_refundno: answer.oid_refundno });
    expect(verifiesAsLianLian(body)).toBe(true);
    const q = await post('/refundquery.htm', signed({ oid_partner: f.oid_partner, sign_type: 'RSA', no_refund: req.no_refund, dt_refund: req.dt_refund }));
    expect(q).toMatchObject({ ret_code: '0000', sta_refund: '2' });
    expect((await post('/orderquery.htm', query(f))).result_pay).toBe('REFUND');
    expect(await post('/refund.htm', req)).toMatchObject({ ret_code: '0000', oid_refundno: answer.oid_refundno });
  });

  it('refuses a cumulative refund over the original (5007) and a reused no_refund with other content (1002)', async () => {
    const f = await openOrder(true);
    const first = refund(f, '0.01');
    expect((await post('/refund.htm', first)).ret_code).toBe('0000');
    expect((await post('/refund.htm', refund(f, '0.01'))).ret_code).toBe('5007');
    const { sign: _s, ...unsigned } = first;
    expect((await post('/refund.htm', signed({ ...unsigned, money_refund: '0.02' }))).ret_code).toBe('1002');
    expect((await post('/refundquery.htm', signed({ oid_partner: f.oid_partner, sign_type: 'RSA', oid_refundno: '0000' }))).ret_code).toBe('8901');
  });
});
