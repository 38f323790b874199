import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { md5Sign, rsaSign } from '../src/crypto/sign.js';
import { beijingStamp } from '../src/lianlian/time.js';
import { control, errorText, MD5_KEY, merchant, merchantKeys, openCashier, postForm, postGateway, signed, startSandbox, webFields, type Harness } from './support/sandbox.js';

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(async () => h.close());
afterEach(() => {
  h.clock.now = undefined;
});

/** Stops the sandbox's clock at the present, so times the test derives from it stay exact however long the test runs. */
function pinClock(): Date {
  h.clock.now = new Date();
  return h.clock.now;
}

const BANK = '/payment/bankgateway.htm';

async function refusal(fields: Record<string, string>, options: Parameters<typeof postGateway>[3] = {}, path = BANK): Promise<string | undefined> {
  const res = await postGateway(h.base, path, fields, options);
  expect(res.status).toBe(200);
  return errorText(await res.text());
}

async function payOnce(overrides: Record<string, string>): Promise<void> {
  const cashier = await openCashier(h.base, BANK, webFields(overrides, h.clock.now ?? new Date()));
  const page = await (await postForm(`${cashier}/pay`, { bank_code: '01020000' })).text();
  expect(page).toContain('data-testid="sandbox-paid"');
}

describe('saying no like LianLian (§7), on the error page and in the request log', () => {
  it('1001 bad signature', async () => {
    const fields = signed(webFields());
    expect(await refusal({ ...fields, money_order: '0.02' })).toBe('1001 商户请求签名未通过');
    const { json } = await control<{ ret_code: string; no_order: string; detail: string }[]>(h.base, 'GET', '/requests');
    expect(json.at(-1)).toMatchObject({ ret_code: '1001', no_order: fields.no_order });
  });

  it('1001 for an MD5 signature made with the wrong key; MD5 with the right key passes', async () => {
    const fields = webFields({ sign_type: 'MD5' });
    expect(await refusal({ ...fields, sign: md5Sign(fields, 'wrong') })).toBe('1001 商户请求签名未通过');
    expect((await postGateway(h.base, BANK, { ...fields, sign: md5Sign(fields, MD5_KEY) })).status).toBe(303);
  });

  it('1004 names the missing or invalid field', async () => {
    const { name_goods: _n, ...missing } = webFields();
    expect(await refusal(signed(missing))).toBe('1004 商户请求参数校验错误[name_goods]');
    expect(await refusal(signed(webFields({ busi_partner: '999999' })))).toBe('1004 商户请求参数校验错误[busi_partner]');
    expect(await refusal(signed(webFields({ userreq_ip: '203.0.113.7' })))).toBe('1004 商户请求参数校验错误[userreq_ip]');
    expect(await refusal(signed(webFields({ risk_item: 'not json' })))).toBe('1004 商户请求参数校验错误[risk_item]');
    expect(await refusal(signed(webFields({ money_order: '1.234' })))).toBe('1004 商户请求参数校验错误[money_order]');
  });

  it('3001 unknown merchant', async () => {
    expect(await refusal(signed(webFields({ oid_partner: '201304121000009999' })))).toBe('3001 非法的商户');
  });

  it('3010 product not enabled ("no proper product access")', async () => {
    await control(h.base, 'POST', '/merchants', merchant({ oid_partner: '201304121000002222', products: ['h5'] }));
    const text = await refusal(signed(webFields({ oid_partner: '201304121000002222' })));
    expect(text).toBe('3010 商户无此支付产品权限');
    const res = await postGateway(h.base, BANK, signed(webFields({ oid_partner: '201304121000002222' })));
    expect(await res.text()).toContain('no proper product access');
  });

  it('1008 when the form does not come from a whitelisted domain (Origin, Referer, or none)', async () => {
    expect(await refusal(signed(webFields()), { origin: 'http://evil.test' })).toBe('1008 商户请求来源不合法');
    expect(await refusal(signed(webFields()), { origin: null })).toBe('1008 商户请求来源不合法');
  });

  it('1004 [timestamp] more than 30 minutes away from Beijing time', async () => {
    const now = pinClock();
    const past = new Date(now.getTime() - 31 * 60_000);
    expect(await refusal(signed(webFields({ timestamp: beijingStamp(past) }, now)))).toBe('1004 商户请求参数校验错误[timestamp]');
    const nearly = new Date(now.getTime() - 29 * 60_000);
    expect((await postGateway(h.base, BANK, signed(webFields({ timestamp: beijingStamp(nearly) }, now)))).status).toBe(303);
  });

  it('1002 duplicate no_order with different content; the same content resumes the order', async () => {
    const fields = webFields();
    expect((await postGateway(h.base, BANK, signed(fields))).status).toBe(303);
    expect((await postGateway(h.base, BANK, signed(fields))).status).toBe(303);
    expect(await refusal(signed({ ...fields, money_order: '0.02' }))).toBe('1002 商户订单号重复');
  });

  it('2006 order past valid_order, and a closed page for an open cashier that expired', async () => {
    const now = pinClock();
    const old = new Date(now.getTime() - 20 * 60_000);
    expect(await refusal(signed(webFields({ dt_order: beijingStamp(old), valid_order: '10' }, now)))).toBe('2006 订单已过期或已关闭');
    const cashier = await openCashier(h.base, BANK, webFields({ valid_order: '1' }, now));
    h.clock.now = new Date(now.getTime() + 2 * 60_000);
    expect(await (await fetch(cashier)).text()).toContain('data-testid="sandbox-closed"');
    expect(await (await postForm(`${cashier}/pay`, { bank_code: '01020000' })).text()).toContain('data-testid="sandbox-closed"');
  });

  it('7017 amount outside 0.01–100,000,000.00', async () => {
    await control(h.base, 'POST', '/merchants', merchant({ live: { web: true } }));
    try {
      expect(await refusal(signed(webFields({ money_order: '0.00' })))).toBe('7017 金额不正确');
      expect(await refusal(signed(webFields({ money_order: '100000000.01' })))).toBe('7017 金额不正确');
      expect((await postGateway(h.base, BANK, signed(webFields({ money_order: '100000000.00' })))).status).toBe(303);
    } finally {
      await control(h.base, 'POST', '/merchants', merchant());
    }
  });

  it('1019 over 50 CNY per transaction until the product is live', async () => {
    expect(await refusal(signed(webFields({ money_order: '50.01' })))).toBe('1019 超过单笔交易限额');
    expect((await postGateway(h.base, BANK, signed(webFields({ money_order: '50.00' })))).status).toBe(303);
  });

  it('1014 over 50 CNY per customer and day, 9911 per month; live products are not capped', async () => {
    h.clock.now = new Date('2026-03-10T02:00:00Z');
    try {
      await payOnce({ user_id: 'limit-user', money_order: '30.00' });
      expect(await refusal(signed(webFields({ user_id: 'limit-user', money_order: '30.00' }, h.clock.now)))).toBe('1014 超过单日交易限额');
      expect((await postGateway(h.base, BANK, signed(webFields({ user_id: 'other-user', money_order: '30.00' }, h.clock.now)))).status).toBe(303);
      h.clock.now = new Date('2026-03-11T02:00:00Z');
      expect(await refusal(signed(webFields({ user_id: 'limit-user', money_order: '30.00' }, h.clock.now)))).toBe('9911 超过允许的交易额度');
      const easy = { version: '1.0', pay_type: 'M' };
      // Limits are per product: the same customer may still pay by Easy Pay.
      const res = await postGateway(h.base, '/payment/traveleasypay.htm', signed(webFields({ ...easy, user_id: 'limit-user', money_order: '30.00' }, h.clock.now)));
      expect(res.status).toBe(303);
      await control(h.base, 'POST', '/merchants', merchant({ live: { web: true } }));
      expect((await postGateway(h.base, BANK, signed(webFields({ user_id: 'limit-user', money_order: '30.00' }, h.clock.now)))).status).toBe(303);
    } finally {
      h.clock.now = undefined;
      await control(h.base, 'POST', '/merchants', merchant());
    }
  });

  it('1012 when H5 req_data is not JSON, 1004 when risk_item is sent as an object', async () => {
    const res = await fetch(`${h.base}/payment.htm`, { method: 'POST', headers: { origin: 'http://shop.test:3000', 'content-type': 'application/x-www-form-urlencoded' }, body: 'req_data=%7Bnot' });
    expect(errorText(await res.text())).toBe('1012 请求报文解析失败');
    const h5 = { ...webFields({ app_request: '3' }), risk_item: { frms_ware_category: '1009' } } as unknown as Record<string, string>;
    const sign = rsaSign({ ...h5, risk_item: '[object Object]' }, merchantKeys.privateKey);
    expect(await refusal({ ...h5, sign }, { h5: true }, '/payment.htm')).toBe('1004 商户请求参数校验错误[risk_item]');
  });
});
