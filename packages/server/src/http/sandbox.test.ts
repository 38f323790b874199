import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox, type Sandbox } from '@lianlian-checkout/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging.js';
import { reconcileOrder } from '../payments/reconcile.js';
import { OID_PARTNER, signAsLianLian } from '../../test/support/payments.js';
import { expectProblem, orderBody, rsaPair, SHOP_KEY, SHOP_ORIGIN, startHarness, type Harness } from '../../test/support/harness.js';

/**
 * Each product's signed form, posted as the widget's browser form would be, reaches the sandbox
 * (LianLian's stand-in, with its own verifier) and is accepted there: 303 to the hosted cashier.
 */
let sandbox: Sandbox;
let sandboxServer: Server;
let sandboxUrl: string;
let lianlianKey: KeyObject;
let h: Harness;

beforeAll(async () => {
  const lianlian = generateKeyPairSync('rsa', { modulusLength: 2048 });
  lianlianKey = lianlian.privateKey;
  const merchant = rsaPair();
  sandbox = createSandbox({ privateKeyPem: lianlian.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string });
  sandbox.addMerchant({
    oid_partner: '201408071000001539',
    public_key: merchant.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    products: ['web', 'aggregate', 'easypay', 'h5', 'h5_quickpay'],
    domains: [SHOP_ORIGIN],
  });
  sandboxServer = sandbox.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => sandboxServer.once('listening', resolve));
  sandboxUrl = `http://127.0.0.1:${(sandboxServer.address() as AddressInfo).port}`;
  h = await startHarness({
    merchant,
    start: new Date(),
    env: { LIANLIAN_PUBLIC_KEY: sandbox.publicKey.pem, LIANLIAN_GATEWAY_URL: sandboxUrl, LIANLIAN_PRODUCTS: 'web,aggregate,easypay,h5,h5_quickpay' },
  });
});

afterAll(async () => {
  await h.close();
  await sandbox.close();
  sandboxServer.closeAllConnections();
  await new Promise<void>((resolve) => sandboxServer.close(() => resolve()));
});

const cases: [string, Record<string, unknown>][] = [
  ['web', { bank_code: '01020000', pay_type: '1' }],
  ['web', { pay_type: '2' }],
  ['web', { pay_type: 'D' }],
  ['aggregate', {}],
  ['easypay', { pay_type: 'M' }],
  ['h5', { bg_color: 'ff5001' }],
  ['h5_quickpay', { syschnotify_flag: '1' }],
];

describe('signed forms at the sandbox', () => {
  it.each(cases)('%s %j: the sandbox verifies the form and opens its cashier', async (product, extra) => {
    const o = await h.order(orderBody(product, { user_id: `sbx-${product}`, ...extra }));
    const res = await h.checkout(o.checkout_token);
    expect(res.status).toBe(200);
    const form = (await res.json()) as { action: string; fields: Record<string, string> };
    const posted = await fetch(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SHOP_ORIGIN, referer: `${SHOP_ORIGIN}/checkout` },
      body: new URLSearchParams(form.fields).toString(),
      redirect: 'manual',
    });
    const detail = posted.status === 303 ? '' : await posted.text();
    expect(posted.status, detail).toBe(303);
    expect(posted.headers.get('location')).toMatch(/\/cashier\//);
    const page = await (await fetch(new URL(posted.headers.get('location') ?? '', form.action))).text();
    expect(page.includes('data-testid="sandbox-quickpay"'), 'the quick-pay cashier has its own page').toBe(product === 'h5_quickpay');
  });
});

/** Posts the signed form to the sandbox as the buyer's browser would; resolves to the cashier path. */
async function openSandboxCashier(form: { action: string; fields: Record<string, string> }): Promise<string> {
  const posted = await fetch(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SHOP_ORIGIN, referer: `${SHOP_ORIGIN}/checkout` },
    body: new URLSearchParams(form.fields).toString(),
    redirect: 'manual',
  });
  expect(posted.status).toBe(303);
  return new URL(posted.headers.get('location') ?? '', sandboxUrl).toString();
}

/** The hidden fields of the sandbox's signed return form on its paid page. */
function returnFields(page: string): Record<string, string> {
  const form = /data-testid="sandbox-return-form"[^>]*>([\s\S]*?)<\/form>/.exec(page)?.[1] ?? '';
  const text = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [text(m[1] ?? ''), text(m[2] ?? '')]));
}

describe('amounts as LianLian writes them, between the server and the sandbox (spec §9)', () => {
  it('a 0.10 CNY payment at the sandbox: the signed return and the order query settle it in fen', async () => {
    const o = await h.order(orderBody('web', { user_id: 'sbx-amounts', amount: '0.10', bank_code: '01020000', pay_type: '1' }));
    const form = (await (await h.checkout(o.checkout_token)).json()) as { action: string; fields: Record<string, string> };
    const cashier = await openSandboxCashier(form);
    const paid = await fetch(`${cashier}/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'bank_code=01020000' });
    const back = returnFields(await paid.text());
    expect(Number(back.money_order)).toBe(0.1); // "0.10", or "0.1" once the sandbox writes like LianLian
    const returned = await fetch(`${h.url}/lianlian/return`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(back).toString(), redirect: 'manual',
    });
    expect(returned.status).toBe(303);
    expect((await h.ledger.listEvents(o.no_order)).map((e) => e.type)).toContain('return_hint');
    const logger = createLogger({ level: 'silent', destination: { write: () => undefined } });
    const order = (await h.ledger.getOrder(o.no_order))!;
    expect((await reconcileOrder({ config: h.config, ledger: h.ledger, logger, now: () => new Date(), fetch }, order)).status).toBe('paid');
  });

  it.each([['0.20', '0.2'], ['10.00', '10.0'], ['12.30', '12.300']])(
    'an order of %s CNY is paid by a notification whose money_order reads "%s", signed with the sandbox\'s LianLian key',
    async (amount, written) => {
      const o = await h.order(orderBody('web', { user_id: `sbx-notify-${amount}`, amount }));
      expect((await h.checkout(o.checkout_token)).status).toBe(200);
      const order = (await h.ledger.getOrder(o.no_order))!;
      const note = signAsLianLian({
        oid_partner: OID_PARTNER, no_order: o.no_order, dt_order: order.dtOrder, oid_paybill: `2026${o.no_order.slice(-14)}`,
        money_order: written, result_pay: 'SUCCESS', settle_date: '20260301', info_order: '', pay_type: '1', bank_code: '01020000',
      }, lianlianKey);
      const res = await fetch(`${h.url}/lianlian/notify`, { method: 'POST', headers: { 'content-type': 'text/json;charset=utf-8' }, body: JSON.stringify(note) });
      expect(await res.json()).toEqual({ ret_code: '0000', ret_msg: '交易成功' });
      expect((await h.ledger.getOrder(o.no_order))?.status).toBe('paid');
    },
  );
});


describe("LianLian's request-source allow-list for direct APIs (spec §1, ret_code 1008)", () => {
  const STEP = "register this server's egress IP addresses with LianLian; see docs/go-live.md";

  it('a refund refused with 1008 answers lianlian_source_not_registered naming the step, and the order query logs it as an error', async () => {
    const o = await h.order(orderBody('web', { user_id: 'sbx-source', amount: '5.00', bank_code: '01020000', pay_type: '1' }));
    const form = (await (await h.checkout(o.checkout_token)).json()) as { action: string; fields: Record<string, string> };
    const cashier = await openSandboxCashier(form);
    await fetch(`${cashier}/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'bank_code=01020000' });
    const deps = { config: h.config, ledger: h.ledger, logger: h.logger, now: () => new Date(), fetch };
    expect((await reconcileOrder(deps, (await h.ledger.getOrder(o.no_order))!)).status).toBe('paid');

    const fault = await fetch(`${sandboxUrl}/__sandbox/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'source_not_registered', no_order: o.no_order }),
    });
    expect(fault.status).toBe(201);
    try {
      const refused = await h.post(`/v1/orders/${o.no_order}/refunds`, { amount: '1.00', no_refund: 'SRC-1' }, { authorization: `Bearer ${SHOP_KEY}` });
      const problem = await expectProblem(refused, 502, 'lianlian_source_not_registered');
      expect(problem.detail).toContain(STEP);
      expect(problem.detail).toContain('1008');
      expect((await h.ledger.getRefund('SRC-1'))?.status).toBe('failed');
      const logged = (): Record<string, unknown>[] => h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.reason === 'lianlian_source_not_registered');
      expect(logged()).toEqual([expect.objectContaining({ level: 'error', no_refund: 'SRC-1', msg: expect.stringContaining(STEP) as unknown })]);

      // The reconciler's order query is refused the same way: one error line naming the step.
      await reconcileOrder(deps, (await h.ledger.getOrder(o.no_order))!);
      expect(logged()).toHaveLength(2);
      expect(logged()[1]).toMatchObject({ level: 'error', no_order: o.no_order, ret_code: '1008', msg: expect.stringContaining(STEP) as unknown });
    } finally {
      await fetch(`${sandboxUrl}/__sandbox/faults?kind=source_not_registered`, { method: 'DELETE' });
    }
    // Registered (fault off): the same refund goes through under a new no_refund.
    const ok = await h.post(`/v1/orders/${o.no_order}/refunds`, { amount: '1.00', no_refund: 'SRC-2' }, { authorization: `Bearer ${SHOP_KEY}` });
    expect(ok.status).toBe(201);
  });
});
