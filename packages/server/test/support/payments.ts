import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express, { type ErrorRequestHandler, type Router } from 'express';
import { pino } from 'pino';
import { loadConfig, type Env } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import type { Ledger } from '../../src/ledger/types.js';
import type { PaymentsDeps } from '../../src/payments/deps.js';

/**
 * Test helpers for the payments code (not exported from the package). LianLian's side is played
 * with keys generated here and a signer written from spec §2.1 with node:crypto, independent of
 * the server's own signing code.
 */
export const OID_PARTNER = '201408071000001539';

export interface TestKeys {
  merchant: { privateKey: KeyObject; publicKey: KeyObject };
  lianlian: { privateKey: KeyObject; publicKey: KeyObject };
}

export function generateTestKeys(): TestKeys {
  return { merchant: generateKeyPairSync('rsa', { modulusLength: 1024 }), lianlian: generateKeyPairSync('rsa', { modulusLength: 1024 }) };
}

/** Spec §2.1: every non-empty field but `sign`, keys sorted, `k=v&…`, MD5withRSA, base64. */
export function signAsLianLian(fields: Record<string, string>, privateKey: KeyObject): Record<string, string> {
  const out: Record<string, string> = { ...fields, sign_type: 'RSA' };
  const source = canonicalForTest(out);
  return { ...out, sign: sign('md5', Buffer.from(source, 'utf8'), privateKey).toString('base64') };
}

/**
 * As LianLian's 2013/2018 Java `LLPayUtil` signs (spec §8 #12, §9): the literal "null" in any case
 * is left out of the signed string, though the field is still sent.
 */
export function signAsLianLianDroppingNull(fields: Record<string, string>, privateKey: KeyObject): Record<string, string> {
  const out: Record<string, string> = { ...fields, sign_type: 'RSA' };
  const signedPart = Object.fromEntries(Object.entries(out).filter(([, v]) => v.toLowerCase() !== 'null'));
  return { ...out, sign: sign('md5', Buffer.from(canonicalForTest(signedPart), 'utf8'), privateKey).toString('base64') };
}

/** Verifies what the server signed (order query, refund requests) the same independent way. */
export function canonicalForTest(fields: Record<string, string>): string {
  return Object.keys(fields).filter((k) => k !== 'sign' && fields[k] !== '').sort().map((k) => `${k}=${fields[k]}`).join('&');
}

export const TEST_ORIGIN = 'http://localhost:3000';
export const TEST_SHOP_KEY = 'shop-api-key-0123456789abcdef';

/** What every payments test's server is configured with: these keys, one shop, a gateway nothing listens on. */
export function baseTestEnv(keys: TestKeys): Record<string, string> {
  return {
    LIANLIAN_OID_PARTNER: OID_PARTNER,
    LIANLIAN_PRIVATE_KEY: keys.merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    LIANLIAN_PUBLIC_KEY: keys.lianlian.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    ALLOWED_ORIGINS: TEST_ORIGIN,
    SHOP_API_KEY: TEST_SHOP_KEY,
    SHOP_RETURN_URL: 'https://shop.example/orders/{no_order}?status={status}',
    LIANLIAN_GATEWAY_URL: 'http://127.0.0.1:9',
  };
}

export function testConfig(keys: TestKeys, env: Env = {}): Config {
  return loadConfig({ ...baseTestEnv(keys), PUBLIC_URL: 'https://pay.shop.example', LOG_LEVEL: 'debug', ...env });
}

export interface CapturedLogs {
  lines: Record<string, unknown>[];
}

export function testDeps(config: Config, ledger: Ledger, overrides: Partial<PaymentsDeps> = {}): PaymentsDeps & { logs: CapturedLogs } {
  const logs: CapturedLogs = { lines: [] };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  return { config, ledger, logger, now: () => new Date(), fetch: globalThis.fetch, ...overrides, logs };
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves routers on 127.0.0.1 with an OS-chosen port (never a fixed one). */
export async function serve(...routers: (Router | ErrorRequestHandler)[]): Promise<Served> {
  const app = express();
  app.set('trust proxy', false);
  for (const r of routers) app.use(r);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * Holds a test endpoint's answers until `count` requests are waiting, then lets them all go, and
 * every later one straight through: rounds that must overlap do so for certain, without a sleep.
 */
export class AnswerGate {
  private count = 0;
  private waiting: (() => void)[] = [];

  holdUntil(count: number): void {
    this.count = count;
    this.waiting = [];
  }

  /** Resolves when this request may be answered. */
  pass(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (this.waiting.length < this.count) return;
      this.count = 0;
      for (const answer of this.waiting.splice(0)) answer();
    });
  }
}
