import { verify, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, SHOP_ORIGIN, startHarness, type Harness } from '../../test/support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { LIANLIAN_PRODUCTS: 'web,aggregate,easypay,h5,h5_quickpay' } });
});
afterAll(() => h.close());

interface Form {
  action: string;
  method: string;
  accept_charset: string;
  fields: Record<string, string>;
  no_order: string;
}

/**
 * Spec §2.1 applied independently of the server's code: every field but `sign`, empty values
 * dropped, keys sorted, `k=v` joined with `&`, MD5withRSA over the UTF-8 bytes, base64.
 */
function verifySpec(fields: Record<string, string>, publicKey: KeyObject): string {
  const source = Object.keys(fields)
    .filter((k) => k !== 'sign' && fields[k] !== '')
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&');
  expect(verify('md5', Buffer.from(source, 'utf8'), publicKey, Buffer.from(fields.sign, 'base64'))).toBe(true);
  return source;
}

async function form(token: string, headers?: Record<string, string>): Promise<Form> {
  const res = await h.checkout(token, headers);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Form;
}

async function expectCode(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
  const body = (await res.json()) as Record<string, unknown>;
  expect({ status: res.status, code: body.code }).toEqual({ status, code });
  return body;
}

const COMMON = {
  oid_partner: '201408071000001539',
  user_id: 'u10001',
  money_order: '0.01',
  name_goods: '测试商品',
  notify_url: 'https://pay.shop.test/lianlian/notify',
  url_return: 'https://pay.shop.test/lianlian/return',
  sign_type: 'RSA',
  busi_partner: '101001',
  timestamp: '20260315120000',
  valid_order: '10080',
};

/** The H5 products post one `req_data` field holding the JSON of the signed fields: those fields. */
async function reqDataForm(body: Record<string, unknown>, page: string): Promise<Record<string, string>> {
  const o = await h.order(body);
  const f = await form(o.checkout_token);
  expect(f.action).toBe(`http://sandbox.test:4100/${page}`);
  expect(Object.keys(f.fields)).toEqual(['req_data']);
  return JSON.parse(f.fields.req_data) as Record<string, string>;
}

describe('POST /v1/checkout answers a signed form that no cache keeps', () => {
  it.each(['web', 'aggregate', 'easypay', 'h5', 'h5_quickpay'])('%s: JSON, Cache-Control no-store, and no ETag (a hash of a form no cache may use)', async (product) => {
    const o = await h.order(orderBody(product));
    const res = await h.checkout(o.checkout_token);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('etag')).toBeNull();
  });
});

describe('POST /v1/checkout signs each product as LianLian expects', () => {
  it('web: bankgateway fields, charset_name, userreq_ip and risk_item defaults', async () => {
    const o = await h.order(orderBody('web', { bank_code: '01020000', pay_type: '1', risk_item: { user_info_bind_phone: '13800000000' } }));
    const f = await form(o.checkout_token);
    expect(f).toMatchObject({ action: 'http://sandbox.test:4100/payment/bankgateway.htm', method: 'POST', accept_charset: 'UTF-8', no_order: o.no_order });
    expect(f.fields).toMatchObject({ ...COMMON, version: '1.0', charset_name: 'UTF-8', no_order: o.no_order, userreq_ip: '127_0_0_1', bank_code: '01020000', pay_type: '1' });
    expect(f.fields.dt_order).toBe('20260315120000');
    expect(JSON.parse(f.fields.risk_item)).toEqual({ frms_ware_category: '1009', user_info_mercht_userno: 'u10001', user_info_bind_phone: '13800000000' });
    const source = verifySpec(f.fields, h.merchant.publicKey);
    expect(source.startsWith('bank_code=01020000&busi_partner=101001&charset_name=UTF-8&dt_order=')).toBe(true);
  });

  it('aggregate: version 1.1, userreq_ip, no charset_name', async () => {
    const o = await h.order(orderBody('aggregate', { pay_type: 'L' }));
    const f = await form(o.checkout_token);
    expect(f.action).toBe('http://sandbox.test:4100/aggregateweb/gateway.htm');
    expect(f.fields).toMatchObject({ ...COMMON, version: '1.1', userreq_ip: '127_0_0_1', pay_type: 'L' });
    expect(f.fields.charset_name).toBeUndefined();
    verifySpec(f.fields, h.merchant.publicKey);
  });

  it('easypay: pay_type M/F, back_url, no_agree', async () => {
    const o = await h.order(orderBody('easypay', { pay_type: 'F', back_url: 'https://shop.test/cards', no_agree: 'AGREE123' }));
    const f = await form(o.checkout_token);
    expect(f.action).toBe('http://sandbox.test:4100/payment/traveleasypay.htm');
    expect(f.fields).toMatchObject({ ...COMMON, version: '1.0', pay_type: 'F', back_url: 'https://shop.test/cards', no_agree: 'AGREE123', userreq_ip: '127_0_0_1' });
    verifySpec(f.fields, h.merchant.publicKey);
  });

  it('web: the Express Pay codes 2, 3 and D as well as online banking (spec §9)', async () => {
    for (const payType of ['2', '3', 'D']) {
      const o = await h.order(orderBody('web', { pay_type: payType }));
      const f = await form(o.checkout_token);
      expect(f.fields).toMatchObject({ ...COMMON, pay_type: payType });
      verifySpec(f.fields, h.merchant.publicKey);
    }
    const auth = { authorization: 'Bearer test-shop-api-key-0123456789' };
    const unknown = await expectCode(await h.post('/v1/orders', orderBody('web', { pay_type: 'O' }), auth), 400, 'invalid_fields');
    expect(unknown.errors).toEqual([{ field: 'pay_type', rule: 'allowed_values', message: 'is "O"; allowed values: 1, 8, 9, 2, 3, D.' }]);
    const crossed = await expectCode(await h.post('/v1/orders', orderBody('web', { pay_type: '2', bank_code: '01020000' }), auth), 400, 'invalid_fields');
    expect(crossed.errors).toEqual([expect.objectContaining({ field: 'bank_code', rule: 'forbidden' })]);
  });

  it('h5 (Easy Pay H5, travlepay.htm): one req_data field holding the JSON of the signed fields', async () => {
    const inner = await reqDataForm(orderBody('h5', { bg_color: 'ff5001', syschnotify_flag: '1' }), 'travlepay.htm');
    expect(inner).toMatchObject({ ...COMMON, version: '1.0', app_request: '3', pay_type: 'M', bg_color: 'ff5001', syschnotify_flag: '1' });
    expect(inner.userreq_ip).toBeUndefined();
    expect(inner.charset_name).toBeUndefined();
    verifySpec(inner, h.merchant.publicKey);
    const refused = await h.post('/v1/orders', orderBody('h5', { url_order: 'https://shop.test/p/1' }), { authorization: 'Bearer test-shop-api-key-0123456789' });
    const problem = await expectCode(refused, 400, 'invalid_fields');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'url_order', rule: 'unknown_field' })]);
  });

  it('h5_quickpay (payment.htm): version 1.2, app_request 3, no timestamp, userreq_ip or pay_type', async () => {
    const inner = await reqDataForm(orderBody('h5_quickpay', { syschnotify_flag: '1', back_url: 'https://shop.test/cart' }), 'payment.htm');
    const { timestamp: _t, ...common } = COMMON;
    expect(inner).toMatchObject({ ...common, version: '1.2', app_request: '3', syschnotify_flag: '1', back_url: 'https://shop.test/cart' });
    for (const absent of ['timestamp', 'userreq_ip', 'url_order', 'pay_type', 'charset_name']) expect(inner[absent], absent).toBeUndefined();
    verifySpec(inner, h.merchant.publicKey);
    const auth = { authorization: 'Bearer test-shop-api-key-0123456789' };
    const payType = await expectCode(await h.post('/v1/orders', orderBody('h5_quickpay', { pay_type: '2' }), auth), 400, 'invalid_fields');
    expect(payType.errors).toEqual([{ field: 'pay_type', rule: 'unknown_field', message: 'is not a field of the h5_quickpay product.' }]);
    const urlOrder = await expectCode(await h.post('/v1/orders', orderBody('h5_quickpay', { url_order: 'https://shop.test/p/1' }), auth), 400, 'invalid_fields');
    expect(urlOrder.errors).toEqual([{ field: 'url_order', rule: 'unknown_field', message: 'is not a field of the h5_quickpay product (spec §3.4); remove it.' }]);
  });

  it('takes the amount from the stored order, never from the request', async () => {
    const o = await h.order(orderBody('web', { amount: '0.02' }));
    const res = await h.post('/v1/checkout', { token: o.checkout_token, amount: '0.01', money_order: '0.01' }, { origin: SHOP_ORIGIN });
    const f = (await res.json()) as Form;
    expect(f.fields.money_order).toBe('0.02');
  });
});

describe('re-checkout and order states', () => {
  it('re-signs a pending order with a fresh timestamp and the same no_order and dt_order', async () => {
    const o = await h.order(orderBody('web'));
    const first = await form(o.checkout_token);
    h.clock.at = new Date(h.clock.at.getTime() + 5 * 60_000);
    const second = await form(o.checkout_token);
    expect(second.fields.no_order).toBe(first.fields.no_order);
    expect(second.fields.dt_order).toBe(first.fields.dt_order);
    expect(second.fields.timestamp).not.toBe(first.fields.timestamp);
    expect(second.fields.timestamp).toBe('20260315120500');
    verifySpec(second.fields, h.merchant.publicKey);
    const status = await h.get(`/v1/checkout/status?token=${o.checkout_token}`, { origin: SHOP_ORIGIN });
    expect(await status.json()).toEqual({ no_order: o.no_order, status: 'pending' });
    expect(status.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
  });

  it('refuses unknown and expired tokens with their own codes', async () => {
    await expectCode(await h.checkout('ct_unknown'), 404, 'token_unknown');
    await expectCode(await h.checkout(`ct_${'A'.repeat(43)}`), 404, 'token_unknown');
    await expectCode(await h.get('/v1/checkout/status?token=nope'), 404, 'token_unknown');
    await expectCode(await h.post('/v1/checkout', {}, { origin: SHOP_ORIGIN }), 400, 'invalid_request');
    const o = await h.order(orderBody('web'));
    h.clock.at = new Date(h.clock.at.getTime() + 3600_000);
    await expectCode(await h.checkout(o.checkout_token), 410, 'token_expired');
  });

  it('refuses paid, failed, expired and refunded orders with their own codes', async () => {
    const make = async () => h.order(orderBody('web'));
    const paid = await make();
    await h.ledger.applyStatusEvent(paid.no_order, 'payment_succeeded', { type: 'test', data: {} });
    // RFC 9457: `status` is the HTTP status; the order's own status has a member of its own.
    expect(await expectCode(await h.checkout(paid.checkout_token), 409, 'order_paid')).toMatchObject({ status: 409, order_status: 'paid', no_order: paid.no_order });
    const failed = await make();
    await h.ledger.applyStatusEvent(failed.no_order, 'payment_failed', { type: 'test', data: {} });
    await expectCode(await h.checkout(failed.checkout_token), 409, 'order_failed');
    const refunded = await make();
    await h.ledger.applyStatusEvent(refunded.no_order, 'payment_succeeded', { type: 'test', data: {} });
    await h.ledger.applyStatusEvent(refunded.no_order, 'fully_refunded', { type: 'test', data: {} });
    await expectCode(await h.checkout(refunded.checkout_token), 409, 'order_refunded');
    // The order's state wins over an expired token.
    h.clock.at = new Date(h.clock.at.getTime() + 3600_000);
    await expectCode(await h.checkout(paid.checkout_token), 409, 'order_paid');
    const expired = await h.order(orderBody('web', { valid_order: 60 }));
    await h.ledger.expireOrder(expired.no_order, new Date(h.clock.at.getTime() + 3601_000));
    await expectCode(await h.checkout(expired.checkout_token), 409, 'order_expired');
  });
});

describe('request-source rule and CORS', () => {
  it('signs only for ALLOWED_ORIGINS (Origin, else Referer) and says why otherwise', async () => {
    const o = await h.order(orderBody('web'));
    const evil = await expectCode(await h.checkout(o.checkout_token, { origin: 'https://evil.test' }), 403, 'origin_not_allowed');
    expect(evil.detail).toMatch(/whitelisted/);
    await expectCode(await h.checkout(o.checkout_token, {}), 403, 'origin_not_allowed');
    expect((await h.checkout(o.checkout_token, { referer: `${SHOP_ORIGIN}/checkout?x=1` })).status).toBe(200);
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const pre = (origin: string) => fetch(`${h.url}/v1/checkout`, {
      method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    const ok = await pre(SHOP_ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(ok.headers.get('access-control-allow-headers')).toBe('Content-Type');
    expect(ok.headers.get('access-control-max-age')).toBe('600');
    expect(ok.headers.get('vary')).toBe('Origin');
    const evil = await pre('https://evil.test');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('vary')).toBe('Origin');
    // An actual request from another origin gets no CORS header either, so its page cannot read the answer.
    const status = await fetch(`${h.url}/v1/checkout/status?token=ct_x`, { headers: { origin: 'https://evil.test' } });
    expect(status.headers.get('access-control-allow-origin')).toBeNull();
    expect(status.headers.get('vary')).toBe('Origin');
    expect(status.headers.get('ratelimit-policy')).toMatch(/^\d+;w=60$/);
    expect(status.headers.get('ratelimit')).toMatch(/^limit=\d+, remaining=\d+, reset=\d+$/);
  });

  it('refuses checkout for a product no longer enabled', async () => {
    const other = await startHarness({ env: { LIANLIAN_PRODUCTS: 'aggregate' } });
    try {
      const res = await other.post('/v1/orders', orderBody('web'), { authorization: 'Bearer test-shop-api-key-0123456789' });
      await expectCode(res, 403, 'product_not_enabled');
    } finally {
      await other.close();
    }
  });
});

describe('rate limiting', () => {
  it('answers rate_limited with Retry-After past the per-minute budget', async () => {
    const limited = await startHarness({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
    try {
      for (let i = 0; i < 2; i += 1) expect((await limited.checkout('ct_x')).status).toBe(404);
      const res = await limited.checkout('ct_x');
      const body = await expectCode(res, 429, 'rate_limited');
      expect(body.retryable).toBe(true);
      expect(res.headers.get('retry-after')).toBe('60');
      // One budget per address for both widget routes; preflights are answered without counting.
      const status = await fetch(`${limited.url}/v1/checkout/status?token=ct_x`, { headers: { origin: SHOP_ORIGIN } });
      await expectCode(status, 429, 'rate_limited');
      expect(status.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
      const pre = await fetch(`${limited.url}/v1/checkout`, { method: 'OPTIONS', headers: { origin: SHOP_ORIGIN, 'access-control-request-method': 'POST' } });
      expect(pre.status).toBe(204);
    } finally {
      await limited.close();
    }
  });
});

describe('POST /v1/checkout with gateway_origins (the origins the element will post to)', () => {
  it('refuses gateway_not_allowed (422) before touching the order: it stays created, with no order.pending webhook', async () => {
    const o = await h.order(orderBody('web'));
    const res = await h.post('/v1/checkout', { token: o.checkout_token, gateway_origins: ['https://payment.lianlianpay.com'] }, { origin: SHOP_ORIGIN });
    const body = await expectCode(res, 422, 'gateway_not_allowed');
    expect(body).toMatchObject({ gateway_origin: 'http://sandbox.test:4100', title: "Gateway not among the page's gateway origins" });
    expect(body.detail).toContain('gateway-origins');
    expect((await h.ledger.getOrder(o.no_order))?.status).toBe('created');
    expect(await h.ledger.listOutbox(o.no_order)).toEqual([]);
  });

  it('signs when the gateway origin is listed', async () => {
    const o = await h.order(orderBody('web'));
    const res = await h.post('/v1/checkout', { token: o.checkout_token, gateway_origins: ['https://payment.lianlianpay.com', 'http://sandbox.test:4100'] }, { origin: SHOP_ORIGIN });
    expect(res.status).toBe(200);
    expect((await h.ledger.getOrder(o.no_order))?.status).toBe('pending');
  });

  it('gateway_origins that is not an array of strings is invalid_request', async () => {
    const o = await h.order(orderBody('web'));
    await expectCode(await h.post('/v1/checkout', { token: o.checkout_token, gateway_origins: 'http://sandbox.test:4100' }, { origin: SHOP_ORIGIN }), 400, 'invalid_request');
    expect((await h.ledger.getOrder(o.no_order))?.status).toBe('created');
  });
});
