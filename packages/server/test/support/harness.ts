import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { openLedger } from '../../src/ledger/index.js';
import { listenApp } from './app-server.js';
import type { DatabaseKind } from './databases.js';
import { createSchema, dropSchema, TEST_DATABASE_URL } from './postgres.js';
import type { Ledger } from '../../src/ledger/types.js';
import { createLogger, type Logger } from '../../src/logging.js';
import { openRedis } from '../../src/redis.js';

/**
 * Test harness: the real app on an ephemeral port over a temp SQLite file (or a fresh PostgreSQL
 * schema), keys generated at test time, an adjustable clock and captured JSON logs. Test-only;
 * nothing in the server imports it.
 */
export const SHOP_ORIGIN = 'http://shop.test:3000';
export const SHOP_KEY = 'test-shop-api-key-0123456789';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function rsaPair(bits = 1024): KeyPair {
  return generateKeyPairSync('rsa', { modulusLength: bits });
}

export type LedgerKind = DatabaseKind;

/** Asserts an RFC 9457 problem answer with `status` and `code`, and returns its body. */
export async function expectProblem(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
  const body = (await res.json()) as Record<string, unknown>;
  expect({ status: res.status, code: body.code }).toEqual({ status, code });
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(body).toMatchObject({ type: `urn:lianlian-checkout:problem:${code}`, status, requestId: res.headers.get('x-request-id') });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  return body;
}

export interface Harness {
  url: string;
  /** DATABASE_URL of the ledger and, on PostgreSQL, the schema holding its tables. */
  database: { url: string; schema: string | undefined };
  config: Config;
  ledger: Ledger;
  merchant: KeyPair;
  logs: string[];
  /** The logger whose lines land in `logs` (for payments code a test drives directly). */
  logger: Logger;
  /** The instant `now()` returns; tests move it. */
  clock: { at: Date };
  close(): Promise<void>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** POST /v1/orders with the shop key; returns the parsed 201 body (throws otherwise). */
  order(body: Record<string, unknown>): Promise<{ no_order: string; checkout_token: string; status: string }>;
  checkout(token: string, headers?: Record<string, string>): Promise<Response>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  start?: Date;
  merchant?: KeyPair;
  widgetDistDir?: string;
  /** PostgreSQL schema for a `postgres://` DATABASE_URL in `env`. */
  schema?: string;
  /** Wraps the ledger, e.g. to make one method fail. */
  wrapLedger?: (ledger: Ledger) => Ledger;
  /** `postgres` needs TEST_DATABASE_URL and gets a schema of its own, dropped on close. Default `sqlite`. */
  ledger?: LedgerKind;
}

const lianlian = rsaPair();
const defaultMerchant = rsaPair();

export function testEnv(merchant: KeyPair, extra: Record<string, string> = {}): Record<string, string> {
  return {
    LIANLIAN_OID_PARTNER: '201408071000001539',
    LIANLIAN_PRIVATE_KEY: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    LIANLIAN_PUBLIC_KEY: lianlian.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    LIANLIAN_GATEWAY_URL: 'http://sandbox.test:4100',
    PUBLIC_URL: 'https://pay.shop.test',
    ALLOWED_ORIGINS: SHOP_ORIGIN,
    SHOP_API_KEY: SHOP_KEY,
    SHOP_RETURN_URL: `${SHOP_ORIGIN}/orders/{no_order}`,
    LIANLIAN_FRMS_WARE_CATEGORY: '1009',
    LOG_LEVEL: 'debug',
    ...extra,
  };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'llc-server-'));
  const merchant = options.merchant ?? defaultMerchant;
  const database = await testDatabase(options.ledger ?? 'sqlite', dir);
  const config = loadConfig(testEnv(merchant, { DATABASE_URL: database.url, ...options.env }));
  const clock = { at: options.start ?? new Date('2026-03-15T04:00:00Z') };
  const now = (): Date => new Date(clock.at.getTime());
  const schema = options.schema ?? database.schema;
  const opened = await openLedger(config.databaseUrl, { now, dataKeys: config.ledgerDataKeys, ...(schema ? { schema } : {}) });
  const ledger = options.wrapLedger ? options.wrapLedger(opened) : opened;
  const logs: string[] = [];
  const logger = createLogger({ level: 'trace', destination: { write: (line: string) => void logs.push(line) } });
  const redis = config.redisUrl === undefined ? undefined : await openRedis(config.redisUrl, { logger, now });
  const served = await listenApp({ config, ledger, redis, logger, now, fetch, ...(options.widgetDistDir ? { widgetDistDir: options.widgetDistDir } : {}) });
  const { url } = served;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(url + path, { headers });
  return {
    url, database: { url: config.databaseUrl, schema }, config, ledger, merchant, logs, logger, clock, post, get,
    async order(body) {
      const res = await post('/v1/orders', body, { authorization: `Bearer ${SHOP_KEY}` });
      if (res.status !== 201) throw new Error(`order creation failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as { no_order: string; checkout_token: string; status: string };
    },
    checkout: (token, headers = { origin: SHOP_ORIGIN }) => post('/v1/checkout', { token }, headers),
    async close() {
      await served.close();
      await opened.close();
      await redis?.close();
      if (database.schema) await dropSchema(database.url, database.schema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function testDatabase(kind: LedgerKind, dir: string): Promise<Harness['database']> {
  if (kind === 'sqlite') return { url: `sqlite:${join(dir, 'ledger.db')}`, schema: undefined };
  if (!TEST_DATABASE_URL) throw new Error('A PostgreSQL harness needs TEST_DATABASE_URL; declare the suite with describeOnEachDatabase.');
  return { url: TEST_DATABASE_URL, schema: await createSchema(TEST_DATABASE_URL, 'http_test') };
}

/** A minimal valid order for `product`, overridable field by field. */
export function orderBody(product: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const perProduct: Record<string, Record<string, unknown>> = { easypay: { pay_type: 'M' }, h5: { app_request: '3' }, h5_quickpay: { app_request: '3' } };
  return { amount: '0.01', name_goods: '测试商品', user_id: 'u10001', product, ...perProduct[product], ...extra };
}
