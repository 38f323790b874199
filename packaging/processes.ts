import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A long-running command (`npx lianlian-sandbox`, …) in its own process group, and its output. */
export interface Started {
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
    server.on('error', reject);
  });
}

/** Polls `check` until it returns a value, `failed` says why it never will, or `ms` pass. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, options: { ms?: number; failed?: () => string | undefined } = {}): Promise<T> {
  const deadline = Date.now() + (options.ms ?? 30_000);
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    const failure = options.failed?.();
    if (failure !== undefined) throw new Error(`${what}: ${failure}`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${options.ms ?? 30_000} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function answers(url: string): Promise<true | undefined> {
  const res = await fetch(url).catch(() => undefined);
  return res?.ok ? true : undefined;
}

/**
 * Starts `command` detached (npx runs the bin in a child of its own, so the whole group gets the
 * signal) and resolves once `readyUrl` answers 2xx. Throws with the output if it exits first.
 */
export async function start(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; readyUrl: string }): Promise<Started> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch {
      // the group is gone already
    }
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signal('SIGTERM');
    const killer = setTimeout(() => signal('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  const label = `${command} ${args.join(' ')}`;
  try {
    await waitFor(`${label} answering ${options.readyUrl}`, () => answers(options.readyUrl), {
      failed: () => (child.exitCode !== null ? `it exited ${child.exitCode}:\n${output}` : undefined),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { output: () => output, stop };
}
