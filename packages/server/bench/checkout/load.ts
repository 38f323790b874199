/**
 * The load side shared by run.ts and ab.ts: start a tree's bench servers (servers.ts) in a child
 * process, drive one target with autocannon, and read the server process's CPU time around it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import autocannon, { type Result } from 'autocannon';
import { BENCH_ORIGIN, type Target } from './shared.js';

export interface Row {
  target: Target;
  rps: number;
  /** Server CPU time (user + system, every thread) per answered request, µs. */
  cpuPerRequest: number;
  p50: number;
  p99: number;
  failures: number;
}

export interface Servers {
  child: ChildProcess;
  targets: Target[];
}

/** Forks `serversPath` (a servers.ts) for one key size and waits for the targets it reports. */
export async function startServers(serversPath: string, bits: number, cwd?: string): Promise<Servers> {
  const child = fork(serversPath, [String(bits)], { cwd, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const targets = await new Promise<Target[]>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { targets: Target[] }).targets));
    child.once('exit', (code) => reject(new Error(`bench server ${serversPath} exited with ${String(code)}`)));
  });
  return { child, targets };
}

export function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      const cpu = (message as { cpu?: NodeJS.CpuUsage }).cpu;
      if (!cpu) return;
      child.off('message', onMessage);
      resolve(cpu.user + cpu.system);
    };
    child.on('message', onMessage);
    child.send('cpu');
  });
}

export async function load(child: ChildProcess, target: Target, duration: number, connections: number): Promise<Row> {
  let i = 0;
  const cpuBefore = await cpuOf(child);
  const result: Result = await autocannon({
    url: target.url,
    connections,
    duration,
    requests: [{
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BENCH_ORIGIN },
      setupRequest: (req) => ({ ...req, body: target.bodies[(i += 1) % target.bodies.length] }),
    }],
  });
  const cpu = (await cpuOf(child)) - cpuBefore;
  const answered = Math.max(1, result['2xx'] + result.non2xx);
  return { target, rps: result.requests.average, cpuPerRequest: cpu / answered, p50: result.latency.p50, p99: result.latency.p99, failures: result.non2xx + result.errors + result.timeouts };
}

/** The middle value (the upper one of an even count). */
export function medianOf(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}
