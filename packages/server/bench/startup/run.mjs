#!/usr/bin/env node
// Startup time of `lianlian-checkout serve`: from spawning the process to GET /healthz answering 200.
// A benchmark, not a test: it prints each run and the median per command. Several commands
// (separated by `--`) run interleaved, so the machine's drift hits each alike. Plain .mjs so it
// runs with plain node against any tree or installation (see README.md beside it).
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.env.BENCH_RUNS ?? 9);
const commands = [[]];
for (const arg of process.argv.slice(2)) {
  if (arg === '--') commands.push([]);
  else commands[commands.length - 1].push(arg);
}
if (commands[commands.length - 1].length === 0) commands.pop();
if (commands.length === 0) {
  console.error('usage: node run.mjs <command…> [-- <command…>]   e.g. node run.mjs node node_modules/.bin/lianlian-checkout serve');
  process.exit(2);
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

function pemPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { priv: privateKey.export({ type: 'pkcs8', format: 'pem' }), pub: publicKey.export({ type: 'spki', format: 'pem' }) };
}

const dir = mkdtempSync(join(tmpdir(), 'lianlian-startup-'));
const merchant = pemPair();
const lianlian = pemPair();
writeFileSync(join(dir, 'merchant.pem'), merchant.priv, { mode: 0o600 });
writeFileSync(join(dir, 'lianlian-public.pem'), lianlian.pub);

async function once(command, i) {
  const port = await freePort();
  const env = {
    ...process.env,
    LIANLIAN_MODE: 'sandbox',
    LIANLIAN_OID_PARTNER: '202611250000000001',
    LIANLIAN_PRIVATE_KEY_FILE: join(dir, 'merchant.pem'),
    LIANLIAN_PUBLIC_KEY_FILE: join(dir, 'lianlian-public.pem'),
    ALLOWED_ORIGINS: 'http://127.0.0.1:3000',
    SHOP_API_KEY: 'startup-bench-key-0123456789',
    SHOP_RETURN_URL: 'http://127.0.0.1:3000/orders/{no_order}',
    DATABASE_URL: `sqlite:${join(dir, `run-${i}.db`)}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((ok) => child.once('exit', ok));
  let ms;
  while (ms === undefined) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before /healthz answered`);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (res?.ok) ms = performance.now() - started;
    else await new Promise((ok) => setTimeout(ok, 5));
    if (performance.now() - started > 60_000) throw new Error('/healthz did not answer within 60 s');
  }
  child.kill('SIGTERM');
  await exited;
  return ms;
}

try {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i += 1) {
    for (const [c, command] of commands.entries()) {
      const ms = await once(command, `${i}-${c}`);
      times[c].push(ms);
      console.log(`run ${i + 1}, command ${c + 1}: ${ms.toFixed(0)} ms`);
    }
  }
  for (const [c, command] of commands.entries()) {
    const sorted = [...times[c]].sort((a, b) => a - b);
    const median = (sorted[Math.floor((runs - 1) / 2)] + sorted[Math.ceil((runs - 1) / 2)]) / 2;
    console.log(`median of ${runs}: ${median.toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted[runs - 1].toFixed(0)}) — ${command.join(' ')}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
