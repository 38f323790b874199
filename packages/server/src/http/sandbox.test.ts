import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox, type Sandbox } from '@lianlian-checkout/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, rsaPair, SHOP_ORIGIN, startHarness, type Harness } from './testing.js';

/**
 * Each product's signed form, posted as the widget's browser form would be, reaches the sandbox
 * (LianLian's stand-in, with its own verifier) and is accepted there: 303 to the hosted cashier.
 */
let sandbox: Sandbox;
let sandboxServer: Server;
let h: Harness;

beforeAll(async () => {
  const lianlian = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const merchant = rsaPair();
  sandbox = createSandbox({ privateKeyPem: lianlian.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string });
  sandbox.addMerchant({
    oid_partner: '201408071000001539',
    public_key: merchant.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    products: ['web', 'aggregate', 'easypay', 'h5'],
    domains: [SHOP_ORIGIN],
  });
  sandboxServer = sandbox.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => sandboxServer.once('listening', resolve));
  const sandboxUrl = `http://127.0.0.1:${(sandboxServer.address() as AddressInfo).port}`;
  h = await startHarness({
    merchant,
    start: new Date(),
    env: { LIANLIAN_PUBLIC_KEY: sandbox.publicKey.pem, LIANLIAN_GATEWAY_URL: sandboxUrl, LIANLIAN_PRODUCTS: 'web,aggregate,easypay,h5' },
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
  ['aggregate', {}],
  ['easypay', { pay_type: 'M' }],
  ['h5', { bg_color: 'ff5001' }],
];

describe('signed forms at the sandbox', () => {
  it.each(cases)('%s: the sandbox verifies the form and opens its cashier', async (product, extra) => {
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
  });
});
