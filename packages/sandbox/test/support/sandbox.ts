import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { rsaSign, rsaVerify } from '../../src/crypto/sign.js';
import { createSandbox, type MerchantInput, type Sandbox, type SandboxLogger, type SandboxOptions } from '../../src/index.js';
import { silentLogger } from '../../src/logger.js';
import { beijingStamp } from '../../src/lianlian/time.js';

/** Test-only keys, made per run (1024-bit: fast, and what LianLian itself uses). */
const pair = (): { privateKey: KeyObject; publicKey: KeyObject } => generateKeyPairSync('rsa', { modulusLength: 1024 });
export const merchantKeys = pair();
export const lianlianKeys = pair();
export const MERCHANT_ID = '201304121000001004';
export const MD5_KEY = 'test_md5_key_0001';
export const SHOP = 'http://shop.test:3000';

export const spkiPem = (k: KeyObject): string => k.export({ format: 'pem', type: 'spki' }).toString();

export interface Harness {
  readonly base: string;
  readonly sandbox: Sandbox;
  /** Set `clock.now` to move the sandbox's clock; undefined follows real time. */
  readonly clock: { now: Date | undefined };
  close(): Promise<void>;
}

export function merchant(overrides: Partial<MerchantInput> = {}): MerchantInput {
  return {
    oid_partner: MERCHANT_ID, public_key: spkiPem(merchantKeys.publicKey), md5_key: MD5_KEY,
    products: ['web', 'aggregate', 'easypay', 'h5', 'h5_quickpay'], domains: [SHOP], ...overrides,
  };
}

export async function startSandbox(options: Partial<SandboxOptions> = {}): Promise<Harness> {
  const clock: { now: Date | undefined } = { now: undefined };
  const sandbox = createSandbox({
    privateKeyPem: lianlianKeys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    merchants: [merchant()], timeScale: 0.001, now: () => clock.now ?? new Date(), ...options,
    logger: signalling(options.logger ?? silentLogger),
  });
  const server = await listen((s) => sandbox.app.listen(0, '127.0.0.1', s));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, sandbox, clock, close: async () => { await sandbox.close(); await closeServer(server); } };
}

function listen(start: (ready: () => void) => Server): Promise<Server> {
  return new Promise((resolve) => { const s = start(() => resolve(s)); });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

let orderSeq = 0;
export const uniqueOrder = (): string => `T${Date.now()}${++orderSeq}`;

/** A valid web-cashier request (spec §3.1) stamped with `at` (default: now). */
export function webFields(overrides: Record<string, string> = {}, at = new Date()): Record<string, string> {
  return {
    version: '1.0', charset_name: 'UTF-8', oid_partner: MERCHANT_ID, user_id: 'u10001', timestamp: beijingStamp(at),
    sign_type: 'RSA', busi_partner: '101001', no_order: uniqueOrder(), dt_order: beijingStamp(at), name_goods: '测试商品',
    info_order: '', money_order: '0.01', notify_url: 'http://127.0.0.1:9/notify', url_return: `${SHOP}/llpay/return`,
    userreq_ip: '203_0_113_7', valid_order: '30',
    risk_item: '{"frms_ware_category":"1009","user_info_mercht_userno":"u10001","goods_name":"测试商品"}', ...overrides,
  };
}

export const signed = (fields: Record<string, string>): Record<string, string> => ({ ...fields, sign: rsaSign(fields, merchantKeys.privateKey) });

export const verifiesAsLianLian = (fields: Record<string, string>): boolean =>
  rsaVerify(fields, fields.sign ?? '', createPublicKey(lianlianKeys.privateKey));

export interface PostOptions {
  readonly origin?: string | null;
  readonly h5?: boolean;
}

/** Posts a gateway form as a browser would (Origin header, urlencoded body), without following. */
export function postGateway(base: string, path: string, fields: Record<string, string>, o: PostOptions = {}): Promise<Response> {
  const body = o.h5 ? new URLSearchParams({ req_data: JSON.stringify(fields) }) : new URLSearchParams(fields);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const origin = o.origin === undefined ? SHOP : o.origin;
  if (origin !== null) headers.origin = origin;
  return fetch(`${base}${path}`, { method: 'POST', body, headers, redirect: 'manual' });
}

/** Opens a cashier session and returns its URL; fails with the error page's text otherwise. */
export async function openCashier(base: string, path: string, fields: Record<string, string>, o: PostOptions = {}): Promise<string> {
  const res = await postGateway(base, path, signed(fields), o);
  if (res.status !== 303) throw new Error(`expected 303, got ${res.status}: ${errorText(await res.text())}`);
  return `${base}${res.headers.get('location')}`;
}

export function postForm(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

const unescape = (s: string): string =>
  s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The `sandbox-error` text (ret_code and ret_msg) of an error page, or undefined. */
export function errorText(page: string): string | undefined {
  const m = /data-testid="sandbox-error">([\s\S]*?)<\/p>/.exec(page);
  return m ? unescape(m[1].replace(/<[^>]+>/g, '')) : undefined;
}

/** The return form on the paid page: its action and hidden fields. */
export function returnForm(page: string): { action: string; fields: Record<string, string>; auto: boolean } | undefined {
  const form = /<form method="post" action="([^"]*)"[^>]*data-testid="sandbox-return-form"([^>]*)>([\s\S]*?)<\/form>/.exec(page);
  if (!form) return undefined;
  const fields: Record<string, string> = {};
  for (const m of form[3].matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[unescape(m[1])] = unescape(m[2]);
  return { action: unescape(form[1]), fields, auto: form[2].includes('data-autosubmit') };
}

export async function control<T = unknown>(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${base}/__sandbox${path}`, {
    method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.status, json: (await res.json()) as T };
}

export interface Hit {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Requests to this endpoint still unanswered when this one arrived. */
  readonly inFlight: number;
}

export interface Answer {
  readonly status?: number;
  readonly body?: string;
  /** The answer waits for this promise: a slow merchant, for as long as the test wants. */
  readonly hold?: Promise<void>;
}

/** A merchant's notify endpoint on port 0; `script(n)` decides the n-th answer (1-based). */
export async function startReceiver(script: (n: number) => Answer = () => ({})): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  let inFlight = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), inFlight });
      changed();
      inFlight += 1;
      const a = script(hits.length);
      void (a.hold ?? Promise.resolve()).then(() => {
        inFlight -= 1;
        res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
        res.end(a.body ?? '{"ret_code":"0000","ret_msg":"交易成功"}');
      });
    });
  });
  await listen((ready) => server.listen(0, '127.0.0.1', ready));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/llpay/notify`, hits, close: () => closeServer(server) };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

export interface SandboxAndReceiver {
  h: Harness;
  receiver: Receiver;
}

/**
 * The usual setup of a test file: one sandbox and one merchant notify endpoint, started before its
 * tests and closed after them. Read `h` and `receiver` inside tests (they are set by `beforeAll`).
 */
export function useSandboxAndReceiver(options: Partial<SandboxOptions> = {}, script?: (n: number) => Answer): SandboxAndReceiver {
  const fixture = {} as SandboxAndReceiver;
  beforeAll(async () => {
    fixture.h = await startSandbox(options);
    fixture.receiver = await startReceiver(script);
  });
  afterAll(async () => {
    await fixture.h.close();
    await fixture.receiver.close();
  });
  return fixture;
}

/**
 * Something a test may wait for has happened: a receiver got a request, or the sandbox logged (it
 * logs each notification attempt once it is recorded). `waitFor` checks again on each, never on a clock.
 */
const changes = new EventEmitter();
changes.setMaxListeners(0);
const changed = (): void => { changes.emit('change'); };

/** A logger that also tells `waitFor` to look again. */
function signalling(logger: SandboxLogger): SandboxLogger {
  return {
    info: (obj, msg) => { logger.info(obj, msg); changed(); },
    warn: (obj, msg) => { logger.warn(obj, msg); changed(); },
    error: (obj, msg) => { logger.error(obj, msg); changed(); },
  };
}

/**
 * Resolves with what `check` returns once it is a value (not undefined/false), checking at once and
 * again after each change (a receiver hit, a sandbox log line). `timeoutMs` only fails a hung test.
 */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5_000): Promise<T> {
  let version = 0;
  let wake = (): void => undefined;
  const onChange = (): void => { version += 1; wake(); };
  changes.on('change', onChange);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`condition not met within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    for (;;) {
      const seen = version;
      const value = await check();
      if (value !== undefined && value !== false) return value;
      if (version === seen) await Promise.race([new Promise<void>((resolve) => { wake = resolve; }), expired]);
    }
  } finally {
    changes.off('change', onChange);
    clearTimeout(timer);
  }
}

/** Pays a web-cashier order with `notify_url` by online banking, stamped `at`; returns its `no_order`. */
export async function payWeb(base: string, notifyUrl: string, at = new Date()): Promise<string> {
  const fields = webFields({ notify_url: notifyUrl }, at);
  await postForm(`${await openCashier(base, '/payment/bankgateway.htm', fields)}/pay`, { bank_code: '01020000' });
  return fields.no_order;
}

/** A notification attempt as `GET /__sandbox/notifications` lists it. */
export interface Attempt { attempt: number; ok: boolean; status: number | null; answer: string; latency_ms: number; at: string; error?: string }

export const attemptsOf = async (base: string, noOrder: string): Promise<Attempt[]> =>
  (await control<Attempt[]>(base, 'GET', `/notifications?no_order=${noOrder}`)).json;

/** The order's notification attempts, once `done` holds for them. */
export const attemptsUntil = (base: string, noOrder: string, done: (a: Attempt[]) => boolean): Promise<Attempt[]> =>
  waitFor(async () => { const a = await attemptsOf(base, noOrder); return done(a) && a; });
