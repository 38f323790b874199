import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rsaPair, SHOP_KEY, testEnv } from '../test/support/harness.js';
import { useFakeTimeouts } from '../test/support/timers.js';
import { startServer } from './main.js';

/** The real process entry, started the way `pnpm --filter @lianlian-checkout/server start` does. */
const root = fileURLToPath(new URL('..', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Child {
  child: ChildProcess;
  out: string[];
  err: string[];
  exited: Promise<number | null>;
  /** The first stdout line matching `pattern`, as soon as the process writes it; rejects if it exits first. */
  line(pattern: RegExp): Promise<string>;
}

function start(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout?.on('data', (b: Buffer) => out.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => err.push(b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = (pattern: RegExp): Promise<string> => new Promise((resolve, reject) => {
    const find = (): void => {
      const found = out.join('').split('\n').find((l) => pattern.test(l));
      if (found === undefined) return;
      child.stdout?.off('data', find);
      resolve(found);
    };
    child.stdout?.on('data', find);
    void exited.then((code) => reject(new Error(`exited with ${code} before writing ${pattern}: ${err.join('')}`)));
    find();
  });
  return { child, out, err, exited, line };
}

const ORDER_BODY = JSON.stringify({ amount: '0.01', name_goods: 'drain', user_id: 'u1', product: 'web' });
/**
 * `Expect: 100-continue`: Node answers `100 Continue` as it hands the request to the app, so the
 * client knows the request is in flight (headers read, body pending) without waiting.
 */
const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';

interface HeldRequest {
  /** Resolves once the server has the request (headers read) and waits for its body. */
  inFlight: Promise<void>;
  /** Sends the body: the request can finish. */
  send(): void;
  /** What the server wrote back (after `100 Continue`), once it closed the connection. */
  reply: Promise<string>;
}

/** A `POST /v1/orders` whose body the test sends when it chooses. */
function openOrderRequest(url: string): HeldRequest {
  const socket = connect(Number(new URL(url).port), '127.0.0.1');
  socket.write(`POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${SHOP_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(ORDER_BODY)}\r\nExpect: 100-continue\r\n\r\n`);
  const chunks: Buffer[] = [];
  const inFlight = new Promise<void>((resolve) => socket.on('data', (c: Buffer) => {
    chunks.push(c);
    if (Buffer.concat(chunks).toString().startsWith(CONTINUE)) resolve();
  }));
  const reply = new Promise<string>((resolve) => socket.on('close', () => resolve(Buffer.concat(chunks).toString().replace(CONTINUE, ''))));
  return { inFlight, send: () => socket.end(ORDER_BODY), reply };
}

describe('main.ts', () => {
  it('starts from the environment alone, serves, and on SIGTERM finishes the request in flight, then stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llc-main-'));
    dirs.push(dir);
    const p = start(testEnv(rsaPair(), { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, LOG_LEVEL: 'info' }));
    const { url } = JSON.parse(await p.line(/signing server listening/)) as { url: string };
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await (await fetch(`${url}/readyz`)).json())).toEqual({ status: 'ready', ledger: 'sqlite' });
    // The widget file is found through the widget package's own export (built or not yet built).
    const widget = await fetch(`${url}/widget/lianlian-checkout.js`);
    if (widget.status !== 200) expect(((await widget.json()) as { code: string }).code).toBe('widget_not_built');
    else expect(widget.headers.get('content-type')).toMatch(/javascript/);
    // A request in flight at SIGTERM is served before the process exits.
    const held = openOrderRequest(url);
    await held.inFlight;
    p.child.kill('SIGTERM');
    await p.line(/shutting down/);
    held.send();
    expect(await held.reply).toMatch(/^HTTP\/1\.1 201/);
    expect(await p.exited).toBe(0);
    const lines = p.out.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; path?: string; status?: number });
    const fromShutdown = lines.slice(lines.findIndex((l) => l.msg.startsWith('shutting down'))).map((l) => (l.path ? `${l.msg} ${l.path} ${String(l.status)}` : l.msg));
    expect(fromShutdown, 'drained, then stopped, then exited').toEqual(['shutting down: no new connections, draining requests', 'request /v1/orders 201', 'stopped']);
    // Sandbox mode without LEDGER_DATA_KEY runs, and says loudly what that means.
    expect(p.out.join('')).toMatch(/"level":"warn".*LEDGER_DATA_KEY is not set: buyers' card numbers, ID numbers, names and phones are stored in clear/);
  });

  it('refuses to start when the ledger holds data sealed with a key LEDGER_DATA_KEY lacks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llc-main-'));
    dirs.push(dir);
    const env = testEnv(rsaPair(), { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, LOG_LEVEL: 'silent' });
    const key = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;
    const first = await startServer({ ...env, LEDGER_DATA_KEY: key('k1') });
    await first.stop('test');
    await expect(startServer({ ...env, LEDGER_DATA_KEY: key('k2') })).rejects.toMatchObject({ code: 'ledger_data_key_mismatch', message: expect.stringContaining('"k1"') });
    await expect(startServer(env)).rejects.toMatchObject({ code: 'ledger_data_key_mismatch' });
  });

  it('lists every configuration problem and exits 1 without echoing secrets', async () => {
    const p = start({ LIANLIAN_OID_PARTNER: 'abc', SHOP_API_KEY: 'tiny-secret', LIANLIAN_MODE: 'live' });
    expect(await p.exited).toBe(1);
    const err = p.err.join('');
    for (const name of ['LIANLIAN_OID_PARTNER', 'LIANLIAN_PRIVATE_KEY', 'SHOP_API_KEY', 'PUBLIC_URL', 'ALLOWED_ORIGINS', 'SHOP_RETURN_URL', 'LEDGER_DATA_KEY']) {
      expect(err).toContain(`✗ ${name}`);
    }
    expect(err).not.toContain('tiny-secret');
  });
});

describe('graceful shutdown', () => {
  // The drain deadline is a fake timer: the test checks the edges of SHUTDOWN_TIMEOUT_MS (served
  // just before it, cut at it) without waiting for it.
  useFakeTimeouts();

  it('lets in-flight requests finish, then cuts what outlives SHUTDOWN_TIMEOUT_MS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llc-drain-'));
    dirs.push(dir);
    const running = await startServer(testEnv(rsaPair(), {
      PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: '1500',
    }));
    const finishing = openOrderRequest(running.url);
    const late = openOrderRequest(running.url);
    const hanging = openOrderRequest(running.url);
    await Promise.all([finishing.inFlight, late.inFlight, hanging.inFlight]);
    const events: string[] = [];
    const stopped = running.stop('test').then(() => events.push('stopped'));
    finishing.send();
    expect(await finishing.reply).toMatch(/^HTTP\/1\.1 201/);
    await vi.advanceTimersByTimeAsync(1499);
    late.send();
    expect(await late.reply, 'still served 1 ms before the deadline').toMatch(/^HTTP\/1\.1 201/);
    expect(events, 'stop() waits while a connection is open').toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await stopped;
    expect(await hanging.reply, 'cut without an answer').toBe('');
  });
});
