import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The topology's Node processes: the signing servers (`lianlian-checkout serve` from source) and
 * the sandbox (`lianlian-sandbox` from source), each its own process that the test can kill -9.
 */
const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const SANDBOX_DIR = fileURLToPath(new URL('../../sandbox', import.meta.url));

export interface Proc {
  readonly name: string;
  output(): string;
  /** SIGKILL, as `kill -9`: no drain, no cleanup. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Polls `check` until it returns a value, `failed` says why it never will, or `ms` pass. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, options: { ms?: number; failed?: () => string | undefined } = {}): Promise<T> {
  const ms = options.ms ?? 30_000;
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    const failure = options.failed?.();
    if (failure !== undefined) throw new Error(`${what}: ${failure}`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function answers(url: string): Promise<true | undefined> {
  const res = await fetch(url).catch(() => undefined);
  return res?.ok ? true : undefined;
}

async function launch(name: string, args: { cwd: string; argv: string[]; env: Record<string, string>; readyUrl: string }): Promise<Proc> {
  const child: ChildProcess = spawn(process.execPath, args.argv, { cwd: args.cwd, env: { ...process.env, ...args.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // Keep the tail only: the sandbox logs every notification attempt.
  const keep = (c: Buffer): void => {
    output = (output + c.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    if (gone()) return;
    child.kill(sig);
    await exited;
  };
  const proc: Proc = { name, output: () => output, kill9: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
  try {
    // Generous: three servers compile their TypeScript at once (tsx), on a possibly busy machine.
    await waitFor(`${name} answering ${args.readyUrl}`, () => answers(args.readyUrl), {
      ms: 90_000,
      failed: () => (gone() ? `it exited (${String(child.exitCode ?? child.signalCode)}):\n${output.slice(-4000)}` : undefined),
    });
  } catch (error) {
    await proc.kill9();
    throw error;
  }
  return proc;
}

export function startServer(name: string, env: Record<string, string>): Promise<Proc> {
  return launch(name, { cwd: SERVER_DIR, argv: ['--import', 'tsx', 'src/cli/main.ts', 'serve'], env, readyUrl: `http://127.0.0.1:${env.PORT}/readyz` });
}

export function startSandbox(env: Record<string, string>): Promise<Proc> {
  return launch('sandbox', { cwd: SANDBOX_DIR, argv: ['--import', 'tsx', 'src/main.ts'], env, readyUrl: `http://127.0.0.1:${env.SANDBOX_PORT}/__sandbox/public-key` });
}
