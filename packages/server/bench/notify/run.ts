/**
 * bench/notify: verified, durably recorded LianLian notifications per second and p99 answer latency,
 * on SQLite and (when TEST_DATABASE_URL or BENCH_DATABASE_URL is set) PostgreSQL, beside the floor:
 * a route that only parses and verifies. One signing-server process per adapter, load from this one.
 *
 *   cd packages/server && node --import tsx bench/notify/run.ts
 *
 * Prints numbers and ratios; never fails on an absolute time (house style: benchmarks are not tests).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import Database from 'better-sqlite3';
import { openLedger, parseDataKeys } from '../../src/ledger/index.js';
import { createSchema, dropSchema } from '../../test/support/postgres.js';
import { newOrder } from '../../test/support/ledger.js';
import type { Ledger } from '../../src/ledger/types.js';
import { inParallel, startInstances } from '../../test/support/cluster.js';
import { generateTestKeys, OID_PARTNER, signAsLianLian } from '../../test/support/payments.js';

const MAX_N = Number(process.env.BENCH_MAX_REQUESTS ?? 8_000);
const RATE = 200;
const RATE_N = Number(process.env.BENCH_RATE_REQUESTS ?? 2_000);
const CONNECTIONS = 32;
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
const keys = generateTestKeys();
let tagSeq = 0;

interface Row {
  route: string;
  maxPerSecond: number;
  p99AtMax: number;
  p99AtRate: number;
  p50AtRate: number;
  failures: number;
}

/** Personal data sealed as in production (LEDGER_DATA_KEY), so the numbers include that cost. */
const DATA_KEY = `bench1:${randomBytes(32).toString('base64')}`;

function env(databaseUrl: string, schema?: string): Record<string, string> {
  return {
    LEDGER_DATA_KEY: DATA_KEY,
    DATABASE_URL: databaseUrl, ...(schema ? { LEDGER_SCHEMA: schema } : {}), LIANLIAN_OID_PARTNER: OID_PARTNER,
    LIANLIAN_PRIVATE_KEY: keys.merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    LIANLIAN_PUBLIC_KEY: keys.lianlian.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    ALLOWED_ORIGINS: 'http://localhost:3000', SHOP_API_KEY: 'shop-api-key-0123456789abcdef',
    SHOP_RETURN_URL: 'https://shop.example/o/{no_order}?s={status}', LIANLIAN_GATEWAY_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'warn',
    LIANLIAN_RATE_LIMIT_PER_MINUTE: '100000',
  };
}

/** Creates `n` pending orders and one signed SUCCESS notification body for each. */
async function prepare(ledger: Ledger, n: number, tag: string): Promise<string[]> {
  const tasks = Array.from({ length: n }, (_, i) => async () => {
    const o = newOrder({ noOrder: `B${tag}${String(i).padStart(6, '0')}` });
    await ledger.createOrder({ order: o });
    await ledger.markCheckoutSigned(o.noOrder, {});
    const fields = { oid_partner: OID_PARTNER, no_order: o.noOrder, dt_order: o.dtOrder, oid_paybill: `2026${tag}${i}`, money_order: '49.95', result_pay: 'SUCCESS', settle_date: '20260301', pay_type: '1', bank_code: '01020000' };
    return JSON.stringify(signAsLianLian(fields, keys.lianlian.privateKey));
  });
  return inParallel(tasks, 16);
}

/**
 * autocannon's `duration` (and when its promise settles) is rounded to its 1-second tick, so the
 * rate comes from the first request sent to the last response received.
 */
async function load(url: string, bodies: string[], opts: { amount: number; connections: number }): Promise<Result & { seconds: number; acknowledged: number }> {
  let next = 0;
  let acknowledged = 0;
  const started = performance.now();
  let last = started;
  const result = await autocannon({
    url, connections: opts.connections, amount: opts.amount,
    requests: [{ method: 'POST', headers: { 'content-type': 'text/json;charset=utf-8' }, setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }), onResponse: (_status, body) => {
      last = performance.now();
      if (body.includes('"ret_code":"0000"')) acknowledged++;
    } }],
  });
  return { ...result, seconds: (last - started) / 1000, acknowledged };
}

/**
 * A steady `rate` per second: request i is sent at start + i / rate, whatever happened to the ones
 * before (an open loop, as LianLian's notifications arrive), and its latency counts from that
 * planned instant, so a late send is not hidden. autocannon's `overallRate` is not this: each
 * connection sends its quota for the second back to back when its one-second timer resets
 * (autocannon 8 lib/httpClient.js), so "200/s" over 8 connections was a burst of 8 concurrent
 * streams at the top of each second, and its p99 measured that burst's queue.
 */
async function paced(url: string, bodies: string[], rate: number): Promise<{ p50: number; p99: number; acknowledged: number }> {
  const started = performance.now();
  const latencies: number[] = [];
  let acknowledged = 0;
  const send = async (body: string, planned: number): Promise<void> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/json;charset=utf-8' }, body });
    if ((await res.text()).includes('"ret_code":"0000"')) acknowledged++;
    latencies.push(performance.now() - planned);
  };
  const inFlight: Promise<void>[] = [];
  for (const [i, body] of bodies.entries()) {
    const planned = started + (i * 1000) / rate;
    const wait = planned - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(send(body, planned));
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? Number.NaN);
  return { p50: at(0.5), p99: at(0.99), acknowledged };
}

async function measure(route: string, url: string, bodies: string[]): Promise<Row> {
  const max = await load(url, bodies.slice(0, MAX_N), { amount: MAX_N, connections: CONNECTIONS });
  const rated = await paced(url, bodies.slice(MAX_N), RATE);
  return {
    route, maxPerSecond: Math.round(max.acknowledged / max.seconds), p99AtMax: max.latency.p99, p99AtRate: rated.p99, p50AtRate: rated.p50,
    failures: MAX_N - max.acknowledged + RATE_N - rated.acknowledged,
  };
}

/** The disk's cost of one durable commit, the floor under any fsync-per-answer design. */
function fsyncProbe(path: string): string {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (x INTEGER)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  const ms: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t = process.hrtime.bigint();
    insert.run(i);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  db.close();
  ms.sort((a, b) => a - b);
  return `disk: one fsynced SQLite commit takes p50 ${ms[150]?.toFixed(2)} ms, p99 ${ms[297]?.toFixed(2)} ms`;
}

async function bench(name: string, databaseUrl: string, schema: string | undefined, withFloor: boolean): Promise<Row[]> {
  const ledger = await openLedger(databaseUrl, { dataKeys: parseDataKeys(DATA_KEY), ...(schema ? { schema } : {}) });
  const rows: Row[] = [];
  try {
    const bodies = await prepare(ledger, MAX_N + RATE_N, String(tagSeq++));
    const instance = await startInstances(1, env(databaseUrl, schema), SERVER);
    try {
      if (withFloor) rows.push(await measure('floor: verify only', `${instance.urls[0]}/bench/verify-only`, bodies));
      rows.push(await measure(`notify (${name})`, `${instance.urls[0]}/lianlian/notify`, bodies));
    } finally {
      await instance.stop();
    }
    const paid = (await ledger.listOutbox()).filter((m) => m.type === 'order.paid').length;
    console.log(`${name}: ${paid} of ${MAX_N + RATE_N} orders recorded paid (expected all)`);
  } finally {
    await ledger.close();
  }
  return rows;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-notify-'));
console.log(fsyncProbe(join(dir, 'probe.db')));
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const only = process.env.BENCH_ONLY; // e.g. BENCH_ONLY=postgres to iterate on one adapter
const rows: Row[] = [];
if (!only || only === 'sqlite') {
  rows.push(...(await bench('sqlite', `sqlite:${join(dir, 'full.db')}`, undefined, true)));
  rows.push(...(await bench('sqlite, synchronous=normal', `sqlite:${join(dir, 'normal.db')}?synchronous=normal`, undefined, false)));
}
if (pgUrl && (!only || only === 'postgres')) {
  const schema = await createSchema(pgUrl, 'bench_notify');
  try {
    rows.push(...(await bench('postgres', pgUrl, schema, only === 'postgres')));
  } finally {
    await dropSchema(pgUrl, schema);
  }
} else {
  console.log('postgres: SKIPPED (set TEST_DATABASE_URL or BENCH_DATABASE_URL)');
}
rmSync(dir, { recursive: true, force: true });

const floor = rows[0]?.maxPerSecond ?? 1;
console.log(`\n${MAX_N} requests at ${CONNECTIONS} connections (max), then ${RATE_N} at ${RATE}/s; ${process.version}, load generator on the same machine`);
console.table(rows.map((r) => ({
  route: r.route, 'max req/s': r.maxPerSecond, 'vs floor': `${((r.maxPerSecond / floor) * 100).toFixed(0)}%`,
  'p99 ms @max': r.p99AtMax, [`p50 ms @${RATE}/s`]: r.p50AtRate, [`p99 ms @${RATE}/s`]: r.p99AtRate, failures: r.failures,
})));
