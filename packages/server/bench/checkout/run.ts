/**
 * `/v1/checkout` throughput and latency under load, beside the floor: a bare Express route that
 * only signs the same canonical string with node:crypto. Same process, same run, RSA-1024 and
 * RSA-2048. Prints numbers and the ratio (target ≥ 0.7). Not a test; never gates CI.
 *
 *   node --import tsx bench/checkout/run.ts          (from packages/server)
 *   BENCH_DURATION=10 BENCH_ROUNDS=5 BENCH_CONNECTIONS=20 node --import tsx bench/checkout/run.ts
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import express, { type Express } from 'express';
import { pino } from 'pino';
import { createApp, loadConfig, openLedger, type Ledger } from '../../src/index.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ORIGIN = 'http://shop.bench:3000';
const KEY = 'bench-shop-api-key-0123456789';
const TOKENS = 100;

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  failures: number;
}

async function listen(app: Express): Promise<{ server: Server; url: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function signingServer(privateKey: KeyObject, databaseUrl: string): Promise<{ server: Server; url: string; ledger: Ledger }> {
  const lianlian = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const config = loadConfig({
    LIANLIAN_OID_PARTNER: '201408071000001539',
    LIANLIAN_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    LIANLIAN_PUBLIC_KEY: lianlian.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    ALLOWED_ORIGINS: ORIGIN,
    SHOP_API_KEY: KEY,
    SHOP_RETURN_URL: `${ORIGIN}/orders/{no_order}`,
    LIANLIAN_FRMS_WARE_CATEGORY: '1009',
    DATABASE_URL: databaseUrl,
    RATE_LIMIT_PER_MINUTE: '100000',
  });
  const ledger = await openLedger(config.databaseUrl);
  // Logs are written as in production (JSON, redaction), to /dev/null.
  const logger = pino({ level: 'info' }, pino.destination('/dev/null'));
  const { server, url } = await listen(createApp({ config, ledger, logger, now: () => new Date(), fetch }));
  return { server, url, ledger };
}

async function createTokens(url: string): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < TOKENS; i += 1) {
    const res = await fetch(`${url}/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ amount: '0.01', name_goods: '测试商品', user_id: `bench-user-${i}`, product: 'web', risk_item: { user_info_bind_phone: '13800000000' } }),
    });
    tokens.push(((await res.json()) as { checkout_token: string }).checkout_token);
  }
  return tokens;
}

/** The floor: parse the same JSON body, sign the same canonical string, answer JSON. */
function floorApp(privateKey: KeyObject, source: string): Express {
  const app = express();
  app.post('/sign', express.json({ limit: '4kb' }), (_req, res) => {
    res.json({ sign: sign('md5', Buffer.from(source, 'utf8'), privateKey).toString('base64') });
  });
  return app;
}

async function load(name: string, url: string, bodies: string[], options: { duration?: number } = {}): Promise<Row> {
  let i = 0;
  const result: Result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: options.duration ?? DURATION,
    requests: [{
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      setupRequest: (req) => ({ ...req, body: bodies[(i += 1) % bodies.length] }),
    }],
  });
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, failures: result.non2xx + result.errors + result.timeouts };
}

interface Target {
  name: string;
  url: string;
  /** Request bodies: tokens of this target's own orders. */
  bodies: string[];
  close(): Promise<void>;
}

async function checkoutTarget(name: string, privateKey: KeyObject, databaseUrl: string): Promise<Target & { source: string }> {
  const app = await signingServer(privateKey, databaseUrl);
  const tokens = await createTokens(app.url);
  const sample = await fetch(`${app.url}/v1/checkout`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify({ token: tokens[0] }) });
  const fields = ((await sample.json()) as { fields: Record<string, string> }).fields;
  return {
    name,
    url: `${app.url}/v1/checkout`,
    source: Object.keys(fields).filter((k) => k !== 'sign').sort().map((k) => `${k}=${fields[k]}`).join('&'),
    bodies: tokens.map((token) => JSON.stringify({ token })),
    close: async () => {
      app.server.close();
      await app.ledger.close();
    },
  };
}

const median = (rows: Row[]): Row => [...rows].sort((a, b) => a.rps - b.rps)[Math.floor(rows.length / 2)];

/**
 * Floor, /v1/checkout on a SQLite file (durable: an fsync'd commit per signing) and on :memory:,
 * measured in interleaved rounds (the median round is reported) so a noisy neighbour hits all three.
 */
async function runFor(bits: 1024 | 2048): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'llc-bench-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const file = await checkoutTarget(`/v1/checkout RSA-${bits}`, privateKey, `sqlite:${join(dir, 'bench.db')}`);
  const memory = await checkoutTarget('  (ledger :memory:)', privateKey, 'sqlite::memory:');
  const floorServer = await listen(floorApp(privateKey, file.source));
  const floor: Target = { name: `floor RSA-${bits}`, url: `${floorServer.url}/sign`, bodies: file.bodies, close: () => Promise.resolve(void floorServer.server.close()) };
  const targets = [floor, file, memory];
  try {
    for (const t of targets) await load('warm-up', t.url, t.bodies, { duration: 2 });
    const rounds: Row[][] = targets.map(() => []);
    for (let r = 0; r < ROUNDS; r += 1) {
      for (const [i, t] of targets.entries()) rounds[i].push(await load(t.name, t.url, t.bodies));
    }
    return rounds.map(median);
  } finally {
    for (const t of targets) await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const pad = (s: string | number, n: number): string => String(s).padStart(n);
console.log(`bench/checkout: ${ROUNDS} interleaved rounds of ${DURATION} s (median shown), ${CONNECTIONS} connections, node ${process.version}`);
console.log(`${'route'.padEnd(24)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('failed', 8)}${pad('ratio', 8)}`);
for (const bits of [1024, 2048] as const) {
  const [floor, ...rows] = await runFor(bits);
  console.log(`${floor.name.padEnd(24)}${pad(floor.rps.toFixed(0), 10)}${pad(floor.p50, 9)}${pad(floor.p99, 9)}${pad(floor.failures, 8)}`);
  for (const row of rows) {
    console.log(`${row.name.padEnd(24)}${pad(row.rps.toFixed(0), 10)}${pad(row.p50, 9)}${pad(row.p99, 9)}${pad(row.failures, 8)}${pad((row.rps / floor.rps).toFixed(2), 8)}`);
  }
}
console.log('ratio = /v1/checkout req/s ÷ floor req/s (target ≥ 0.70); ":memory:" isolates the app from the ledger\'s fsync');
