import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, SHOP_KEY, startHarness, type Harness } from '../../test/support/harness.js';

let h: Harness;
const auth = { authorization: `Bearer ${SHOP_KEY}` };

beforeAll(async () => {
  h = await startHarness({ env: { LIANLIAN_PRODUCTS: 'web,aggregate,easypay' } });
});
afterAll(() => h.close());

async function problem(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `urn:lianlian-checkout:problem:${code}` });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(body.requestId).toBe(res.headers.get('x-request-id'));
  expect(typeof body.retryable).toBe('boolean');
  return body;
}

describe('POST /v1/orders', () => {
  it('creates an order with a generated no_order and an unguessable token', async () => {
    const res = await h.post('/v1/orders', orderBody('web'), auth);
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({ status: 'created', product: 'web', amount: '0.01' });
    expect(body.no_order).toMatch(/^LL\d{14}[0-9A-F]{12}$/);
    expect(body.checkout_token).toMatch(/^ct_[A-Za-z0-9_-]{43}$/);
    expect(new Date(body.expires_at).getTime()).toBe(h.clock.at.getTime() + 3600_000);
    expect(res.headers.get('location')).toBe(`/v1/orders/${body.no_order}`);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a missing or wrong bearer token with unauthorized', async () => {
    await problem(await h.post('/v1/orders', orderBody('web')), 401, 'unauthorized');
    const wrong = await h.post('/v1/orders', orderBody('web'), { authorization: `Bearer ${SHOP_KEY}x` });
    await problem(wrong, 401, 'unauthorized');
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses bodies that are not one JSON object with invalid_request', async () => {
    await problem(await h.post('/v1/orders', '{"amount":', auth), 400, 'invalid_request');
    await problem(await h.post('/v1/orders', '[1,2]', auth), 400, 'invalid_request');
    await problem(await h.post('/v1/orders', 'amount=1', { ...auth, 'content-type': 'application/x-www-form-urlencoded' }), 400, 'invalid_request');
  });

  it('refuses bodies over 32 KB with payload_too_large', async () => {
    await problem(await h.post('/v1/orders', orderBody('web', { info_order: 'x'.repeat(33 * 1024) }), auth), 413, 'payload_too_large');
  });

  it('reports every field violation at once, with lengths and never the secret values', async () => {
    const res = await h.post('/v1/orders', {
      amount: 1.5, name_goods: '商'.repeat(41), product: 'easypay', id_no: 'SECRET-ID-12345', card_no: '6222abc', charset_name: 'GBK', colour: 'red',
    }, auth);
    const body = await problem(res, 400, 'invalid_fields');
    const errors = body.errors as { field: string; rule: string; message: string }[];
    const pairs = errors.map((e) => `${e.field}:${e.rule}`);
    expect(pairs).toEqual(expect.arrayContaining([
      'amount:format', 'user_id:required', 'colour:unknown_field', 'charset_name:unknown_field',
    ]));
    const text = JSON.stringify(body);
    expect(text).not.toContain('SECRET-ID-12345');
    expect(text).not.toContain('6222abc');
    // Product rules come after the request is well-formed: all of them in one answer too.
    const rules = await h.post('/v1/orders', orderBody('easypay', { name_goods: '商'.repeat(41), pay_type: 'X', card_no: '6222abc', id_no: 'SECRET-ID-12345' }), auth);
    const ruleErrors = ((await problem(rules, 400, 'invalid_fields')).errors as { field: string; rule: string; message: string }[]);
    expect(ruleErrors.map((e) => `${e.field}:${e.rule}`)).toEqual(expect.arrayContaining(['name_goods:max_length', 'pay_type:allowed_values', 'card_no:pattern', 'id_no:pattern']));
    expect(ruleErrors.find((e) => e.field === 'name_goods')?.message).toContain('41');
    expect(JSON.stringify(ruleErrors)).not.toMatch(/SECRET-ID|6222abc/);
  });

  it('refuses "null" in any field it would sign, risk_item values included, naming String(null) as the likely cause', async () => {
    const res = await h.post('/v1/orders', orderBody('web', {
      no_order: 'null', name_goods: 'NULL', user_id: 'Null', info_order: 'nULL', bank_code: 'null', pay_type: '1',
      risk_item: { frms_ware_category: '1009', user_info_bind_phone: 'null', user_info_mercht_userno: 'u10001' },
    }), auth);
    const body = await problem(res, 400, 'invalid_fields');
    const errors = body.errors as { field: string; rule: string; message: string }[];
    expect(errors.map((e) => `${e.field}:${e.rule}`).sort()).toEqual([
      'bank_code:null_value', 'info_order:null_value', 'name_goods:null_value', 'no_order:null_value', 'risk_item.user_info_bind_phone:null_value', 'user_id:null_value',
    ]);
    for (const e of errors) expect(e.message).toContain('String(null)');
    expect(await h.ledger.getOrder('null')).toBeUndefined();
  });

  it('refuses a duplicate no_order with duplicate_no_order', async () => {
    await h.order(orderBody('web', { no_order: 'DUP-1' }));
    await problem(await h.post('/v1/orders', orderBody('web', { no_order: 'DUP-1' }), auth), 409, 'duplicate_no_order');
  });

  it('replays the same Idempotency-Key and body, and refuses a different body with idempotency_conflict', async () => {
    const headers = { ...auth, 'idempotency-key': 'idem-0001' };
    const first = await h.post('/v1/orders', orderBody('web', { user_id: 'idem-user' }), headers);
    // The same body with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(orderBody('web', { user_id: 'idem-user' })).reverse());
    const again = await h.post('/v1/orders', reordered, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const a = await first.json();
    expect(await again.json()).toEqual(a);
    // The replayed token still works: it is bound to the one order created.
    expect((await h.checkout((a as { checkout_token: string }).checkout_token)).status).toBe(200);
    await problem(await h.post('/v1/orders', orderBody('web', { user_id: 'idem-user', amount: '0.02' }), headers), 409, 'idempotency_conflict');
  });

  it('refuses products that are not enabled with product_not_enabled', async () => {
    const body = await problem(await h.post('/v1/orders', orderBody('h5'), auth), 403, 'product_not_enabled');
    expect(body.detail).toMatch(/LIANLIAN_PRODUCTS/);
  });

  it('refuses an amount above the pre-go-live per-transaction limit with limit_exceeded', async () => {
    const body = await problem(await h.post('/v1/orders', orderBody('web', { amount: '50.01' }), auth), 422, 'limit_exceeded');
    expect(body).toMatchObject({ limit: 'per_transaction', limit_amount: '50.00', remaining: '50.00', reason: 'pre_go_live_default_limits' });
  });
});

describe('GET /v1/orders/:no_order', () => {
  it('returns the order and its event history', async () => {
    const created = await h.order(orderBody('web', { no_order: 'HIST-1', info_order: 'note' }));
    await h.checkout(created.checkout_token);
    const res = await h.get('/v1/orders/HIST-1', auth);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; amount: string; events: { type: string }[] };
    expect(body).toMatchObject({ no_order: 'HIST-1', status: 'pending', amount: '0.01', info_order: 'note' });
    expect(body.events.map((e) => e.type)).toEqual(['created', 'checkout_signed']);
    expect(body).toMatchObject({ duplicate_payments: [] });
  });

  it('lists the second payments LianLian confirmed for an order, to refund', async () => {
    const created = await h.order(orderBody('web', { no_order: 'TWICE-1' }));
    await h.checkout(created.checkout_token);
    const success = (oidPaybill: string) => ({ noOrder: 'TWICE-1', oidPaybill, resultPay: 'SUCCESS', fields: {}, event: 'payment_succeeded' as const, eventType: 'notify_verified' });
    await h.ledger.recordPaymentCallback(success('B1'));
    await h.ledger.recordPaymentCallback(success('B2'));
    const body = (await (await h.get('/v1/orders/TWICE-1', auth)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'paid', oid_paybill: 'B1', duplicate_payments: [{ oid_paybill: 'B2', amount: '0.01', detected_at: h.clock.at.toISOString() }] });
    expect((body.events as { type: string }[]).map((e) => e.type)).toContain('duplicate_payment');
  });

  it('answers not_found for unknown orders and routes, and requires the key', async () => {
    await problem(await h.get('/v1/orders/NOPE', auth), 404, 'not_found');
    await problem(await h.get('/v1/orders/HIST-1'), 401, 'unauthorized');
    await problem(await h.get('/nowhere'), 404, 'not_found');
  });
});
