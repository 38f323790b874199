/**
 * The benchmark's server process (run.ts forks it, so the load generator never shares this event
 * loop): for one key size, the two floors and the real app on a SQLite file, on :memory: and (when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL is set) on PostgreSQL in a fresh schema, each on its own
 * port, served as the tests serve it (test/support/app-server.ts). Reports `{ targets }` to the parent over IPC; exits on SIGTERM.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { createLogger, loadConfig, openLedger, type Ledger } from '../../src/index.js';
import { listen, listenApp } from '../../test/support/app-server.js';
import { createSchema, dropSchema } from '../../test/support/postgres.js';
import { BENCH_ORIGIN, BENCH_SHOP_KEY, type Target } from './shared.js';

const BITS = Number(process.argv[2] ?? 2048);
const TOKENS = 100;

async function signingServer(privateKey: KeyObject, databaseUrl: string, schema?: string): Promise<{ server: Server; url: string; ledger: Ledger }> {
  const lianlian = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const config = loadConfig({
    LIANLIAN_OID_PARTNER: '201408071000001539',
    LIANLIAN_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    LIANLIAN_PUBLIC_KEY: lianlian.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    ALLOWED_ORIGINS: BENCH_ORIGIN,
    SHOP_API_KEY: BENCH_SHOP_KEY,
    SHOP_RETURN_URL: `${BENCH_ORIGIN}/orders/{no_order}`,
    LIANLIAN_FRMS_WARE_CATEGORY: '1009',
    DATABASE_URL: databaseUrl,
    RATE_LIMIT_PER_MINUTE: '100000',
    // Personal data sealed as in production, so the numbers include that cost.
    LEDGER_DATA_KEY: `bench1:${randomBytes(32).toString('base64')}`,
  });
  const ledger = await openLedger(config.databaseUrl, { dataKeys: config.ledgerDataKeys, ...(schema ? { schema } : {}) });
  // The production logger as `serve` builds it (JSON, redaction, info level, LOG_FLUSH_MS default), into /dev/null.
  const logger = createLogger({ level: 'info', destination: '/dev/null', flushIntervalMs: config.logFlushMs });
  const { server, url } = await listenApp({ config, ledger, logger, now: () => new Date(), fetch });
  return { server, url, ledger };
}

/** 100 orders of 0.01 CNY for 100 customers: the limits are checked on every signing but never hit. */
async function createTokens(url: string): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < TOKENS; i += 1) {
    const res = await fetch(`${url}/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_SHOP_KEY}` },
      body: JSON.stringify({ amount: '0.01', name_goods: '测试商品', user_id: `bench-user-${i}`, product: 'web', risk_item: { user_info_bind_phone: '13800000000' } }),
    });
    tokens.push(((await res.json()) as { checkout_token: string }).checkout_token);
  }
  return tokens;
}

/**
 * The floors: parse the same JSON body, sign the same canonical string, answer JSON. `sync` signs
 * on the event loop (the plain `crypto.sign(alg, data, key)` call); `async` passes a callback, so
 * node:crypto signs on libuv's thread pool, as the signing server does.
 */
function floorApp(privateKey: KeyObject, source: string): Express {
  const app = express();
  const data = (): Buffer => Buffer.from(source, 'utf8');
  app.post('/sign', express.json({ limit: '4kb' }), (_req, res) => {
    res.json({ sign: sign('md5', data(), privateKey).toString('base64') });
  });
  app.post('/sign-async', express.json({ limit: '4kb' }), (_req, res, next) => {
    sign('md5', data(), privateKey, (error, signature) => {
      if (error) next(error);
      else res.json({ sign: signature.toString('base64') });
    });
  });
  return app;
}

const dir = mkdtempSync(join(tmpdir(), 'llc-bench-'));
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: BITS });
const file = await signingServer(privateKey, `sqlite:${join(dir, 'bench.db')}`);
const memory = await signingServer(privateKey, 'sqlite::memory:');
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const pgSchema = pgUrl ? await createSchema(pgUrl, 'bench_checkout') : undefined;
const postgres = pgUrl ? await signingServer(privateKey, pgUrl, pgSchema) : undefined;
const fileTokens = await createTokens(file.url);
const memoryTokens = await createTokens(memory.url);
const pgTokens = postgres ? await createTokens(postgres.url) : [];
const sample = await fetch(`${file.url}/v1/checkout`, { method: 'POST', headers: { 'content-type': 'application/json', origin: BENCH_ORIGIN }, body: JSON.stringify({ token: fileTokens[0] }) });
const fields = ((await sample.json()) as { fields: Record<string, string> }).fields;
const source = Object.keys(fields).filter((k) => k !== 'sign').sort().map((k) => `${k}=${fields[k]}`).join('&');
const floor = await listen(floorApp(privateKey, source));
const bodies = (tokens: string[]): string[] => tokens.map((token) => JSON.stringify({ token }));

const targets: Target[] = [
  { name: `floor RSA-${BITS}`, url: `${floor.url}/sign`, bodies: bodies(fileTokens), role: 'floor' },
  { name: '  floor, async sign', url: `${floor.url}/sign-async`, bodies: bodies(fileTokens), role: 'async-floor' },
  { name: `/v1/checkout RSA-${BITS}`, url: `${file.url}/v1/checkout`, bodies: bodies(fileTokens), role: 'checkout' },
  { name: '  (ledger :memory:)', url: `${memory.url}/v1/checkout`, bodies: bodies(memoryTokens), role: 'checkout' },
  ...(postgres ? [{ name: '  (ledger PostgreSQL)', url: `${postgres.url}/v1/checkout`, bodies: bodies(pgTokens), role: 'checkout' as const }] : []),
];
// CPU time of the whole process (event loop and thread pool), asked for before and after each load.
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
// Forked by run.ts: report over IPC. Run alone (e.g. under --cpu-prof): print the targets as JSON.
if (process.send) process.send({ targets });
else console.log(JSON.stringify({ targets }));

process.on('SIGTERM', () => {
  for (const s of [floor.server, file.server, memory.server, postgres?.server]) s?.closeAllConnections();
  void Promise.all([file.ledger.close(), memory.ledger.close(), postgres?.ledger.close()]).then(async () => {
    if (pgUrl && pgSchema) await dropSchema(pgUrl, pgSchema);
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
