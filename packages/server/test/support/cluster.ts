import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * Starts signing-server processes (test/support/instance.ts, or the benchmark's server script)
 * for multi-instance tests and the benchmark, each on its own random port, and stops exactly those.
 */
export interface Instances {
  urls: string[];
  stderr: string[];
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./instance.ts', import.meta.url));

export async function startInstances(count: number, env: Record<string, string>, script = SCRIPT): Promise<Instances> {
  const children: ChildProcess[] = [];
  const stderr: string[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((resolve) => {
      c.once('exit', resolve);
      c.kill('SIGTERM');
    }) : Promise.resolve())));
  };
  try {
    const urls = await Promise.all(Array.from({ length: count }, () => startOne(script, env, children, stderr)));
    return { urls, stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `BENCH_CPU_PROF_DIR`: each instance runs under `--cpu-prof` and writes its profile there when it exits (bench/notify/README.md). */
function startOne(script: string, env: Record<string, string>, children: ChildProcess[], stderr: string[]): Promise<string> {
  const child = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : []), '--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance did not start within 30 s: ${stderr.join('').slice(-2000)}`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance exited with ${String(code)} before listening: ${stderr.join('').slice(-2000)}`));
    });
    if (!child.stdout) throw new Error('child stdout missing');
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^LISTENING (\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
  });
}

/** Runs `tasks` with at most `limit` in flight. */
export async function inParallel<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
