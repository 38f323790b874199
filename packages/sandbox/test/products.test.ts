import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../src/index.js';
import { md5Sign, md5Verify } from '../src/crypto/sign.js';
import { errorText, MD5_KEY, openCashier, postForm, returnForm, SHOP, signed, verifiesAsLianLian, waitFor, webFields, useSandboxAndReceiver } from './support/sandbox.js';

const t = useSandboxAndReceiver();

const easyFields = (o: Record<string, string> = {}): Record<string, string> => webFields({ notify_url: t.receiver.url, pay_type: 'M', ...o });
const { charset_name: _c, userreq_ip: _u, ...h5Base } = webFields();
const h5Fields = (o: Record<string, string> = {}): Record<string, string> => ({ ...h5Base, no_order: webFields().no_order, notify_url: t.receiver.url, app_request: '3', ...o });

describe('Easy Pay web (/payment/traveleasypay.htm): card entry and test cards', () => {
  it('shows card entry and pays with the success card; return adds ret_code/ret_msg, drops result_pay', async () => {
    const fields = easyFields();
    const cashier = await openCashier(t.h.base, '/payment/traveleasypay.htm', fields);
    expect(await (await fetch(cashier)).text()).toContain('data-testid="sandbox-card-no"');
    const page = await (await postForm(`${cashier}/pay`, { card_no: TEST_CARDS.success.card_no })).text();
    const ret = returnForm(page)!;
    expect(ret.fields).toMatchObject({ ret_code: '0000', ret_msg: '支付成功', pay_type: 'M', no_order: fields.no_order });
    expect(ret.fields.result_pay).toBeUndefined();
    expect(verifiesAsLianLian(ret.fields)).toBe(true);
    const hit = await waitFor(() => t.receiver.hits.find((x) => x.body.includes(fields.no_order)));
    expect(JSON.parse(hit.body)).toMatchObject({ result_pay: 'SUCCESS', pay_type: 'M' });
  });

  it.each([
    ['insufficient_funds', '1005 支付失败:余额不足'],
    ['declined', '1005 支付失败:银行拒绝交易'],
    ['expired', '1005 支付失败:卡片已过期'],
  ] as const)('%s card: declined inline, order stays open', async (outcome, text) => {
    const cashier = await openCashier(t.h.base, '/payment/traveleasypay.htm', easyFields());
    const page = await (await postForm(`${cashier}/pay`, { card_no: TEST_CARDS[outcome].card_no })).text();
    expect(page).toMatch(new RegExp(`data-testid="sandbox-card-error">${text}<`));
    expect(returnForm(page)).toBeUndefined();
    expect(await (await postForm(`${cashier}/pay`, { card_no: TEST_CARDS.success.card_no })).text()).toContain('data-testid="sandbox-paid"');
  });

  it('pre-authorisation (pay_type F) needs a credit card', async () => {
    const cashier = await openCashier(t.h.base, '/payment/traveleasypay.htm', easyFields({ pay_type: 'F' }));
    expect(await (await postForm(`${cashier}/pay`, { card_no: TEST_CARDS.success.card_no })).text()).toContain('预授权仅支持信用卡');
    expect(await (await postForm(`${cashier}/pay`, { card_no: TEST_CARDS.credit_success.card_no })).text()).toContain('data-testid="sandbox-paid"');
  });

  it('requires pay_type and userreq_ip', async () => {
    const { pay_type: _p, ...noPayType } = easyFields();
    const res = await fetch(`${t.h.base}/payment/traveleasypay.htm`, { method: 'POST', headers: { origin: SHOP, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(signed(noPayType)) });
    expect(errorText(await res.text())).toBe('1004 商户请求参数校验错误[pay_type]');
  });
});

describe('H5 gateways read req_data and return res_data', () => {
  it('auto-returns a signed res_data JSON when syschnotify_flag=1, with a mobile layout', async () => {
    const fields = h5Fields({ syschnotify_flag: '1', pay_type: 'M' });
    const cashier = await openCashier(t.h.base, '/travlepay.htm', fields, { h5: true });
    expect(await (await fetch(cashier)).text()).toContain('class="mobile"');
    const ret = returnForm(await (await postForm(`${cashier}/pay`, { card_no: TEST_CARDS.success.card_no })).text())!;
    expect(ret.auto).toBe(true);
    const data = JSON.parse(ret.fields.res_data) as Record<string, string>;
    expect(Object.keys(ret.fields)).toEqual(['res_data']);
    expect(data).toMatchObject({ no_order: fields.no_order, result_pay: 'SUCCESS', money_order: '0.01' });
    expect(verifiesAsLianLian(data)).toBe(true);
  });

  it('waits for the buyer to tap back by default (syschnotify_flag=0)', async () => {
    const cashier = await openCashier(t.h.base, '/payment.htm', h5Fields(), { h5: true });
    const page = await (await postForm(`${cashier}/pay`, { card_no: TEST_CARDS.success.card_no })).text();
    expect(returnForm(page)!.auto).toBe(false);
    expect(page).not.toContain('autosubmit.js');
    expect(page).toContain('data-testid="sandbox-return"');
  });

  it('requires app_request; /authpay.htm works too', async () => {
    const { app_request: _a, ...without } = h5Fields();
    const res = await fetch(`${t.h.base}/payment.htm`, { method: 'POST', headers: { origin: SHOP, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ req_data: JSON.stringify(signed(without)) }) });
    expect(errorText(await res.text())).toBe('1004 商户请求参数校验错误[app_request]');
    await openCashier(t.h.base, '/authpay.htm', h5Fields(), { h5: true });
  });
});

describe('aggregate web and charsets', () => {
  it('accepts version 1.1 on /aggregateweb/gateway.htm and requires userreq_ip', async () => {
    const cashier = await openCashier(t.h.base, '/aggregateweb/gateway.htm', webFields({ version: '1.1', notify_url: t.receiver.url }));
    const ret = returnForm(await (await postForm(`${cashier}/pay`, { bank_code: '01020000' })).text())!;
    expect(ret.fields.result_pay).toBe('SUCCESS');
    const { userreq_ip: _u, ...noIp } = webFields();
    const res = await fetch(`${t.h.base}/aggregateweb/gateway.htm`, { method: 'POST', headers: { origin: SHOP, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(signed(noIp)) });
    expect(errorText(await res.text())).toBe('1004 商户请求参数校验错误[userreq_ip]');
  });

  it('answers an MD5-signed request with MD5-signed return and notification', async () => {
    const fields = webFields({ sign_type: 'MD5', notify_url: t.receiver.url });
    const res = await fetch(`${t.h.base}/payment/bankgateway.htm`, { method: 'POST', headers: { origin: SHOP, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...fields, sign: md5Sign(fields, MD5_KEY) }), redirect: 'manual' });
    const ret = returnForm(await (await postForm(`${t.h.base}${res.headers.get('location')}/pay`, { bank_code: '01020000' })).text())!;
    expect(ret.fields.sign_type).toBe('MD5');
    expect(md5Verify(ret.fields, ret.fields.sign, MD5_KEY)).toBe(true);
    const hit = await waitFor(() => t.receiver.hits.find((x) => x.body.includes(fields.no_order)));
    const body = JSON.parse(hit.body) as Record<string, string>;
    expect(md5Verify(body, body.sign, MD5_KEY)).toBe(true);
  });

  it('refuses a bank_code that is not in the bank list (1200)', async () => {
    const res = await fetch(`${t.h.base}/payment/bankgateway.htm`, { method: 'POST', headers: { origin: SHOP, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(signed(webFields({ bank_code: '09990000' }))) });
    expect(errorText(await res.text())).toBe('1200 不支持该银行');
  });

  it('decodes a GBK form (charset_name=GBK) before verifying the signature', async () => {
    const fields = signed(webFields({ charset_name: 'GBK', name_goods: '中文商品' }));
    const body = Object.entries(fields).map(([k, v]) => `${k}=${[...iconv.encode(v, 'gbk')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`).join('&');
    const res = await fetch(`${t.h.base}/payment/bankgateway.htm`, { method: 'POST', headers: { origin: SHOP, 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(await (await fetch(`${t.h.base}${res.headers.get('location')}`)).text()).toContain('中文商品');
  });
});
