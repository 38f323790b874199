/**
 * A/B of `/v1/checkout` between this tree (B) and another checkout of the repository (A), in short
 * alternating slices, so that this machine's drift hits both sides alike. Each side runs its own
 * servers.ts in its own process; only the SQLite-file checkout target is loaded. Prints every
 * slice and the median ratio B ÷ A of req/s and of server CPU per request. Not a test.
 *
 *   git worktree add /tmp/base main && (cd /tmp/base && npx -y pnpm@10.34.9 install --frozen-lockfile --offline)
 *   node --import tsx bench/checkout/ab.ts /tmp/base          (from packages/server; A = /tmp/base)
 *   AB_ROUNDS=20 AB_SECONDS=2 AB_BITS=2048 node --import tsx bench/checkout/ab.ts /tmp/base
 *
 * A change of a few per cent needs 12 or more rounds to stand out: two identical trees measured
 * this way differ by up to ±3% in the median and ±10% in a single slice.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, medianOf, startServers, type Row, type Servers } from './load.js';

const ROUNDS = Number(process.env.AB_ROUNDS ?? 12);
const SECONDS = Number(process.env.AB_SECONDS ?? 2);
const BITS = Number(process.env.AB_BITS ?? 1024);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const other = process.argv[2];
if (!other) {
  console.error('usage: node --import tsx bench/checkout/ab.ts <path of the other tree (A)>');
  process.exit(2);
}
const serversOf = (root: string): { path: string; cwd: string } => ({
  path: join(root, 'packages/server/bench/checkout/servers.ts'),
  cwd: join(root, 'packages/server'),
});
const here = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));

async function start(root: string): Promise<Servers> {
  const { path, cwd } = serversOf(root);
  return startServers(path, BITS, cwd);
}

const sides: [name: 'A' | 'B', servers: Servers][] = [['A', await start(resolve(other))], ['B', await start(here)]];
try {
  const checkout = (s: Servers) => {
    const target = s.targets.find((t) => t.role === 'checkout');
    if (!target) throw new Error('servers.ts reported no checkout target');
    return target;
  };
  for (const [, s] of sides) await load(s.child, checkout(s), 2, CONNECTIONS);
  const rows: Record<'A' | 'B', Row[]> = { A: [], B: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate which side goes first, so neither always follows the other's load.
    for (const [name, s] of round % 2 === 0 ? sides : [...sides].reverse()) rows[name].push(await load(s.child, checkout(s), SECONDS, CONNECTIONS));
    const a = rows.A[round];
    const b = rows.B[round];
    if (a && b) {
      console.log(`round ${String(round + 1).padStart(2)}: A ${a.rps.toFixed(0)} req/s ${a.cpuPerRequest.toFixed(0)} µs | B ${b.rps.toFixed(0)} req/s ${b.cpuPerRequest.toFixed(0)} µs | B ÷ A ${(b.rps / a.rps).toFixed(3)} req/s, ${(b.cpuPerRequest / a.cpuPerRequest).toFixed(3)} cpu`);
    }
  }
  const failures = [...rows.A, ...rows.B].reduce((n, r) => n + r.failures, 0);
  const ratio = (pick: (r: Row) => number): number => medianOf(rows.A.map((a, i) => pick(rows.B[i] ?? a) / pick(a)));
  console.log(`RSA-${String(BITS)}, ${String(ROUNDS)} rounds of ${String(SECONDS)} s: median B ÷ A = ${ratio((r) => r.rps).toFixed(3)} req/s, ${ratio((r) => r.cpuPerRequest).toFixed(3)} CPU per request` +
    `${failures > 0 ? `, ${String(failures)} failed requests` : ''}`);
} finally {
  for (const [, s] of sides) s.child.kill('SIGTERM');
}
