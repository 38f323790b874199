/**
 * `/v1/checkout` throughput and latency under load, beside the floor: a bare Express route that
 * only signs the same canonical string with node:crypto. The servers run in a child process
 * (servers.ts), the load generator (autocannon) here, so the two never share an event loop.
 * RSA-1024 and RSA-2048; prints numbers and the ratios (target ≥ 0.7). Not a test; never gates CI.
 *
 *   node --import tsx bench/checkout/run.ts          (from packages/server)
 *   BENCH_DURATION=10 BENCH_ROUNDS=5 BENCH_CONNECTIONS=20 node --import tsx bench/checkout/run.ts
 *   BENCH_BITS=1024 BENCH_DURATION=3 BENCH_ROUNDS=1 node --import tsx bench/checkout/run.ts   (a quick look)
 */
import { fileURLToPath } from 'node:url';
import { load, startServers, type Row } from './load.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const BITS = (process.env.BENCH_BITS ?? '1024,2048').split(',').map(Number).filter((b): b is 1024 | 2048 => b === 1024 || b === 2048);
const SERVERS = fileURLToPath(new URL('./servers.ts', import.meta.url));

const median = (rows: Row[]): Row => [...rows].sort((a, b) => a.rps - b.rps)[Math.floor(rows.length / 2)];

/** Every target of one key size, measured in interleaved rounds (the median round is reported) so a noisy neighbour hits all. */
async function runFor(bits: 1024 | 2048): Promise<Row[][]> {
  const { child, targets } = await startServers(SERVERS, bits);
  try {
    for (const t of targets) await load(child, t, 2, CONNECTIONS);
    const rounds: Row[][] = targets.map(() => []);
    for (let r = 0; r < ROUNDS; r += 1) {
      for (const [i, t] of targets.entries()) rounds[i].push(await load(child, t, DURATION, CONNECTIONS));
    }
    return rounds;
  } finally {
    child.kill('SIGTERM');
  }
}

const pad = (s: string | number, n: number): string => String(s).padStart(n);
console.log(`bench/checkout: ${ROUNDS} interleaved rounds of ${DURATION} s (median shown), ${CONNECTIONS} connections, node ${process.version}, servers in a child process`);
console.log(`${'route'.padEnd(24)}${pad('req/s', 9)}${pad('cpu µs', 8)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('failed', 8)}${pad('÷ floor', 9)}${pad('worst', 7)}${pad('÷ async', 9)}`);
for (const bits of BITS) {
  const rounds = await runFor(bits);
  const rows = rounds.map(median);
  const floorAt = rows.findIndex((r) => r.target.role === 'floor');
  const floor = rows[floorAt];
  const asyncFloor = rows.find((r) => r.target.role === 'async-floor');
  for (const [i, row] of rows.entries()) {
    // worst: the lowest ratio of one round, checkout against the floor measured in that same round.
    const worst = Math.min(...(rounds[i] ?? []).map((r, k) => r.rps / (rounds[floorAt]?.[k]?.rps ?? Number.NaN)));
    const ratios = row.target.role === 'checkout' && floor && asyncFloor
      ? `${pad((row.rps / floor.rps).toFixed(2), 9)}${pad(worst.toFixed(2), 7)}${pad((row.rps / asyncFloor.rps).toFixed(2), 9)}`
      : '';
    console.log(`${row.target.name.padEnd(24)}${pad(row.rps.toFixed(0), 9)}${pad(row.cpuPerRequest.toFixed(0), 8)}${pad(row.p50, 8)}${pad(row.p99, 8)}${pad(row.failures, 8)}${ratios}`);
  }
}
console.log('÷ floor = /v1/checkout req/s ÷ the bare signing route\'s, median rounds (target ≥ 0.70); worst = the lowest single round against that round\'s floor;');
console.log('÷ async = the same against a floor that also signs on the thread pool;');
console.log('cpu µs = the server process\'s CPU time (every thread) per answered request: steadier than req/s on a shared machine.');
console.log('":memory:" isolates the app from the ledger\'s disk writes. Compare ratios across runs, not absolute numbers.');
