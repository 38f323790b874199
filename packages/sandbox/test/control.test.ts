import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { control, lianlianKeys, merchant, openCashier, postForm, spkiPem, waitFor, webFields, useSandboxAndReceiver } from './support/sandbox.js';

const t = useSandboxAndReceiver();

describe('control API (/__sandbox/)', () => {
  it('serves its own LianLian public key as PEM and bare base64', async () => {
    const { json } = await control<{ pem: string; base64: string }>(t.h.base, 'GET', '/public-key');
    expect(json.pem).toBe(spkiPem(createPublicKey(lianlianKeys.privateKey)));
    expect(createPublicKey({ key: Buffer.from(json.base64, 'base64'), format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' })).toBe(json.pem);
    const file = await fetch(`${t.h.base}/__sandbox/public-key.pem`);
    expect(file.headers.get('content-type')).toMatch(/^application\/x-pem-file/);
    expect(await file.text()).toBe(json.pem);
  });

  it('adds merchants (bare base64 key), lists them without the MD5 key, and explains bad input', async () => {
    const base64 = createPublicKey(lianlianKeys.privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
    const added = await control<unknown[]>(t.h.base, 'POST', '/merchants', [merchant({ oid_partner: '201304121000003333', public_key: base64, live: { web: true } })]);
    expect(added.status).toBe(201);
    const { json } = await control<Record<string, unknown>[]>(t.h.base, 'GET', '/merchants');
    const m = json.find((x) => x.oid_partner === '201304121000003333')!;
    expect(m).toMatchObject({ md5_key_set: true, domains: ['http://shop.test:3000'], live: { web: true, h5: false } });
    expect(JSON.stringify(json)).not.toContain('test_md5_key');
    const bad = await control<{ code: string; detail: string }>(t.h.base, 'POST', '/merchants', { oid_partner: '123', products: [], domains: [] });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('merchant_invalid');
    expect(bad.json.detail).toMatch(/18-digit/);
    const badKey = await control<{ code: string }>(t.h.base, 'POST', '/merchants', merchant({ public_key: 'not a key' }));
    expect(badKey.json.code).toBe('public_key_invalid');
  });

  it('lists orders and requests, resends a notification, and 404s unknown orders as problem+json', async () => {
    const fields = webFields({ notify_url: t.receiver.url });
    await postForm(`${await openCashier(t.h.base, '/payment/bankgateway.htm', fields)}/pay`, { bank_code: '01020000' });
    await waitFor(() => t.receiver.hits.some((x) => x.body.includes(fields.no_order)));
    expect((await control(t.h.base, 'POST', `/orders/${fields.no_order}/notify`)).status).toBe(202);
    await waitFor(() => t.receiver.hits.filter((x) => x.body.includes(fields.no_order)).length === 2);
    const orders = await control<{ no_order: string; events: { type: string }[] }[]>(t.h.base, 'GET', '/orders');
    expect(orders.json.find((o) => o.no_order === fields.no_order)!.events.map((e) => e.type)).toEqual(['created', 'paid', 'returned', 'renotify']);
    const requests = await control<{ no_order: string; fields: Record<string, string> }[]>(t.h.base, 'GET', '/requests');
    expect(requests.json.find((r) => r.no_order === fields.no_order)!.fields.sign).toMatch(/^\[\d+ chars\]$/);
    const missing = await fetch(`${t.h.base}/__sandbox/orders/NOPE`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(await missing.json()).toMatchObject({ code: 'order_not_found', status: 404 });
  });

  it('answers bad JSON and missing static files with problem+json, not a 500', async () => {
    const bad = await fetch(`${t.h.base}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'entity_parse_failed', status: 400 });
    const missing = await fetch(`${t.h.base}/__sandbox/static/nope.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'http_404' });
  });

  it('refuses to notify an unpaid order (409)', async () => {
    const fields = webFields({ notify_url: t.receiver.url });
    await openCashier(t.h.base, '/payment/bankgateway.htm', fields);
    expect((await control(t.h.base, 'POST', `/orders/${fields.no_order}/notify`)).json).toMatchObject({ code: 'order_not_paid', status: 409 });
  });

  it('renders the dashboard under the strict CSP with escaped values', async () => {
    await openCashier(t.h.base, '/payment/bankgateway.htm', webFields({ notify_url: t.receiver.url, no_order: '<img src=x>' }));
    const res = await fetch(`${t.h.base}/__sandbox/`);
    const page = await res.text();
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page).toContain('&lt;img src=x&gt;');
    expect(page).not.toContain('<img src=x>');
    expect(page).toContain('src="/__sandbox/static/dashboard.js"');
    expect(page).toMatch(/data-testid="amount-format">Amounts are sent as LianLian writes them/);
    for (const section of ['Merchants', 'Faults', 'Orders', 'Notification attempts', 'Requests received']) expect(page).toContain(`<h2>${section}</h2>`);
    expect((await fetch(`${t.h.base}/__sandbox/static/dashboard.js`)).status).toBe(200);
  });

  it('reset empties orders, logs and faults, keeping merchants unless asked', async () => {
    await control(t.h.base, 'POST', '/faults', { kind: 'drop_return' });
    await control(t.h.base, 'POST', '/reset', {});
    expect((await control<unknown[]>(t.h.base, 'GET', '/orders')).json).toEqual([]);
    expect((await control<unknown[]>(t.h.base, 'GET', '/requests')).json).toEqual([]);
    expect((await control<unknown[]>(t.h.base, 'GET', '/faults')).json).toEqual([]);
    expect((await control<unknown[]>(t.h.base, 'GET', '/merchants')).json.length).toBeGreaterThan(1);
    await control(t.h.base, 'POST', '/reset', { merchants: true });
    expect((await control<unknown[]>(t.h.base, 'GET', '/merchants')).json).toHaveLength(1);
  });
});
