import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTableDump, type TableDump } from '../../test/support/ledger.js';
import { expectProblem, orderBody, SHOP_KEY, SHOP_ORIGIN, startHarness, type Harness } from '../../test/support/harness.js';
import { describeOnEachDatabase } from '../../test/support/databases.js';

/**
 * Issue 14: input that used to crash a route (500) gets a coded 4xx problem answer on both ledgers,
 * and touches nothing: bad percent-encoding in a path, JSON nested deeper than 32 levels, and NUL
 * characters, which PostgreSQL refuses to store or compare.
 */
const auth = { authorization: `Bearer ${SHOP_KEY}` };
const nested = (depth: number, inner = '"x"'): string => '['.repeat(depth) + inner + ']'.repeat(depth);

describeOnEachDatabase('bad input', ({ kind }) => {
  let h: Harness;
  let tables: TableDump;
  let noOrder: string;
  let before: Record<string, string[]>;
  const widgetDistDir = mkdtempSync(join(tmpdir(), 'llc-widget-'));
  writeFileSync(join(widgetDistDir, 'lianlian-checkout.js'), 'export {};\n');

  beforeAll(async () => {
    h = await startHarness({ ledger: kind, widgetDistDir, env: { LIANLIAN_NOTIFY_IP_ALLOWLIST: '127.0.0.1' } });
    tables = openTableDump(h.database.url, h.database.schema);
    noOrder = (await h.order(orderBody('web'))).no_order;
    before = await tables.dump();
  });
  afterAll(async () => {
    await tables.close();
    await h.close();
    rmSync(widgetDistDir, { recursive: true, force: true });
  });

  /** Every test ends with the ledger exactly as it was. */
  const unchanged = async (): Promise<void> => expect(await tables.dump()).toEqual(before);

  it('answers invalid_path for bad percent-encoding in a path, on every route with a parameter', async () => {
    for (const path of ['/v1/orders/%ff', '/v1/orders/%E4%B8', '/widget/%ff', '/widget/%']) {
      const body = await expectProblem(await h.get(path, auth), 400, 'invalid_path');
      expect(body.detail).toMatch(/percent-encod/);
    }
    await expectProblem(await h.post('/v1/orders/%ff/refunds', { amount: '0.01' }, auth), 400, 'invalid_path');
    await unchanged();
  });

  it('answers json_too_deep for a body nested deeper than 32 levels, however deep', async () => {
    const deep = `{"amount":"0.01","name_goods":"x","user_id":"u","product":"web","risk_item":{"a":${nested(15_000)}}}`;
    const body = await expectProblem(await h.post('/v1/orders', deep, auth), 400, 'json_too_deep');
    expect(body.detail).toMatch(/32/);
    await expectProblem(await h.post('/v1/orders', `{"risk_item":${nested(32)}}`, auth), 400, 'json_too_deep');
    await expectProblem(await h.post(`/v1/orders/${noOrder}/refunds`, `{"amount":${nested(40)}}`, auth), 400, 'json_too_deep');
    await expectProblem(await h.post('/v1/checkout', nested(33), { origin: SHOP_ORIGIN }), 400, 'json_too_deep');
    // 32 levels are read (and then refused for what they say); brackets inside strings do not count.
    await expectProblem(await h.post('/v1/checkout', `{"token":${nested(31)}}`, { origin: SHOP_ORIGIN }), 404, 'token_unknown');
    await expectProblem(await h.post('/v1/checkout', `{"token":"${'['.repeat(100)}"}`, { origin: SHOP_ORIGIN }), 404, 'token_unknown');
    await unchanged();
  });

  it('answers invalid_encoding for a body that does not match its Content-Encoding, on every route with a body', async () => {
    const routes: [string, Record<string, string>][] = [
      ['/v1/orders', auth], [`/v1/orders/${noOrder}/refunds`, auth], ['/v1/checkout', { origin: SHOP_ORIGIN }], ['/lianlian/notify', {}], ['/lianlian/return', {}],
    ];
    for (const [path, headers] of routes) {
      for (const encoding of ['gzip', 'deflate', 'br']) {
        const res = await h.post(path, '{"not":"compressed"}', { ...headers, 'content-encoding': encoding });
        expect((await expectProblem(res, 400, 'invalid_encoding')).detail, `${path} ${encoding}`).toMatch(/Content-Encoding/);
      }
      await expectProblem(await h.post(path, '{}', { ...headers, 'content-encoding': 'compress' }), 415, 'unsupported_encoding');
    }
    await expectProblem(await h.post('/v1/orders', '{}', { ...auth, 'content-type': 'application/json; charset=latin1' }), 415, 'unsupported_charset');
    await unchanged();
  });

  it('answers a NUL character in a path with the route\'s own not-found code', async () => {
    await expectProblem(await h.get('/v1/orders/a%00b', auth), 404, 'not_found');
    await expectProblem(await h.post('/v1/orders/a%00b/refunds', { amount: '0.01' }, auth), 404, 'order_not_found');
    await expectProblem(await h.get('/widget/a%00b.js'), 404, 'not_found');
    await unchanged();
  });

  it('refuses a NUL character in an order field with invalid_fields naming the field', async () => {
    for (const field of ['name_goods', 'user_id', 'info_order', 'busi_partner', 'url_order']) {
      const body = await expectProblem(await h.post('/v1/orders', orderBody('web', { [field]: 'a\u0000b' }), auth), 400, 'invalid_fields');
      expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule: 'format', message: expect.stringMatching(/NUL/) })]));
    }
    await unchanged();
  });

  it('answers LianLian\'s routes when a no_order carries a NUL character, without a ledger error', async () => {
    const notify = await fetch(`${h.url}/lianlian/notify`, { method: 'POST', body: JSON.stringify({ no_order: 'a\u0000b', no_refund: 'r\u0000' }), headers: { 'content-type': 'text/json' } });
    expect({ status: notify.status, body: await notify.json() }).toEqual({ status: 200, body: { ret_code: '9999', ret_msg: 'signature_missing' } });
    const back = await fetch(`${h.url}/lianlian/return?no_order=a%00b`, { redirect: 'manual' });
    expect(back.status).toBe(303);
    expect(h.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
    await unchanged();
  });
});
