import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Installation } from './install.js';
import { freePort, start, waitFor, type Started } from './processes.js';

/**
 * The installed commands running together, as in a deployment: `npx lianlian-sandbox` (LianLian),
 * `npx lianlian-checkout serve` (the signing server) and fixtures/webhook-shop.mjs (the shop's
 * webhook endpoint), each on a free port, each in its own process.
 */
const OID_PARTNER = '202611250000000063';

interface ShopLine {
  listening?: number;
  loaded?: string[];
  verified?: { id: string; type: string; no_order: string; status: string };
  rejected?: string;
}

export interface Stack {
  server: string;
  sandbox: string;
  shopOrigin: string;
  apiKey: string;
  shop: {
    /** Waits for the shop to have verified a webhook of `type` for the order. */
    verified(noOrder: string, type: string): Promise<NonNullable<ShopLine['verified']>>;
    /** better-sqlite3, pg or Express files the shop process had loaded when it listened. */
    loaded(): string[];
    rejected(): string[];
  };
  stop(): Promise<void>;
}

function shopLines(process: Started): ShopLine[] {
  return process.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as ShopLine);
}

export async function startStack(installed: Installation): Promise<Stack> {
  const [shopPort, sandboxPort, serverPort] = [await freePort(), await freePort(), await freePort()];
  const shopOrigin = `http://127.0.0.1:${shopPort}`;
  const sandbox = `http://127.0.0.1:${sandboxPort}`;
  const server = `http://127.0.0.1:${serverPort}`;
  const apiKey = randomBytes(24).toString('base64url');
  const webhookSecret = randomBytes(32).toString('base64url');
  const at = (...parts: string[]): string => join(installed.app, ...parts);
  writeFileSync(at('merchants.json'), JSON.stringify([{ oid_partner: OID_PARTNER, public_key_file: at('keys', 'merchant_public_key.pem'), products: ['web'], domains: [shopOrigin] }]));

  const running: Started[] = [];
  const stop = async (): Promise<void> => {
    for (const p of running.reverse()) await p.stop();
  };
  try {
    const launch = (command: string, args: string[], env: Record<string, string>, readyUrl: string): Promise<Started> =>
      start(command, args, { cwd: installed.app, env: { ...installed.env, ...env }, readyUrl });
    const shop = await launch(process.execPath, ['--import', './forbid-server-modules.mjs', 'webhook-shop.mjs'], { SHOP_PORT: String(shopPort), SHOP_WEBHOOK_SECRET: webhookSecret }, shopOrigin);
    running.push(shop);
    running.push(await launch('npx', ['--no', 'lianlian-sandbox'], {
      SANDBOX_PORT: String(sandboxPort), SANDBOX_DATA_DIR: at('sandbox-data'), SANDBOX_MERCHANTS_FILE: at('merchants.json'), SANDBOX_TIME_SCALE: '0.01',
    }, `${sandbox}/__sandbox/public-key`));
    running.push(await launch('npx', ['--no', 'lianlian-checkout', 'serve'], {
      LIANLIAN_MODE: 'sandbox', LIANLIAN_OID_PARTNER: OID_PARTNER, LIANLIAN_GATEWAY_URL: sandbox,
      LIANLIAN_PRIVATE_KEY_FILE: at('keys', 'merchant_private_key.pem'), LIANLIAN_PUBLIC_KEY_FILE: at('sandbox-data', 'lianlian-public-key.pem'),
      PUBLIC_URL: server, ALLOWED_ORIGINS: shopOrigin, SHOP_API_KEY: apiKey, SHOP_RETURN_URL: `${shopOrigin}/orders/{no_order}`,
      SHOP_WEBHOOK_URL: `${shopOrigin}/webhooks`, SHOP_WEBHOOK_SECRET: webhookSecret,
      DATABASE_URL: `sqlite:${at('data', 'ledger.db')}`, PORT: String(serverPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
    }, `${server}/readyz`));
    const lines = (): ShopLine[] => shopLines(shop);
    return {
      server, sandbox, shopOrigin, apiKey, stop,
      shop: {
        verified: (noOrder, type) => waitFor(`the shop verifying ${type} for ${noOrder}`, () => lines().find((l) => l.verified?.no_order === noOrder && l.verified.type === type)?.verified),
        loaded: () => lines().find((l) => l.listening !== undefined)?.loaded ?? ['(the shop never said it was listening)'],
        rejected: () => lines().flatMap((l) => (l.rejected === undefined ? [] : [l.rejected])),
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function json<T>(res: Response, expected: number): Promise<T> {
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${res.url} answered ${res.status}, expected ${expected}: ${text}`);
  return JSON.parse(text) as T;
}

interface Order { no_order: string; status: string; checkout_token: string }

/** A shop backend's order, the widget's checkout call, the buyer's form post and Pay on the sandbox. */
export async function checkoutOnce(stack: Stack): Promise<Order> {
  const bearer = { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' };
  const order = await json<Order>(await fetch(`${stack.server}/v1/orders`, {
    method: 'POST', headers: { ...bearer, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ amount: '0.01', name_goods: 'installed test', user_id: 'u63', product: 'web' }),
  }), 201);
  const form = await json<{ action: string; method: string; fields: Record<string, string> }>(await fetch(`${stack.server}/v1/checkout`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: stack.shopOrigin }, body: JSON.stringify({ token: order.checkout_token }),
  }), 200);
  if (!form.action.startsWith(`${stack.sandbox}/`)) throw new Error(`the form posts to ${form.action}, not to the sandbox`);
  const posted = await fetch(form.action, {
    method: form.method, redirect: 'manual', body: new URLSearchParams(form.fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.shopOrigin, referer: `${stack.shopOrigin}/checkout` },
  });
  const cashier = posted.headers.get('location');
  if (posted.status !== 303 || cashier === null) throw new Error(`the sandbox refused the signed form (${posted.status}): ${await posted.text()}`);
  const paid = await fetch(`${stack.sandbox}${cashier}/pay`, { method: 'POST', body: new URLSearchParams({ bank_code: '01020000' }), redirect: 'manual' });
  if (paid.status !== 200) throw new Error(`Pay on the sandbox answered ${paid.status}: ${await paid.text()}`);
  return waitFor(`order ${order.no_order} paid`, async () => {
    const now = await json<Order>(await fetch(`${stack.server}/v1/orders/${order.no_order}`, { headers: bearer }), 200);
    return now.status === 'paid' ? now : undefined;
  });
}
