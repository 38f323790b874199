import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';

/**
 * What a person sees in the terminal: `pnpm start`, then Ctrl-C. The terminal sends SIGINT to the
 * whole foreground process group (npx, pnpm, the script's shell, node), so the test does the same.
 * The demo stops all three servers and exits 0, and pnpm prints no `ELIFECYCLE … Command failed`.
 */
const root = resolve(import.meta.dirname, '..');
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
const ports = { SHOP_PORT: 7600 + offset, PORT: 7700 + offset, SANDBOX_PORT: 7800 + offset };

test('Ctrl-C on `pnpm start` stops the demo quietly', async () => {
  test.setTimeout(240_000);
  const env: NodeJS.ProcessEnv = { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), DEMO_DATA_DIR: 'data/e2e-terminal' };
  for (const name of ['INIT_CWD', 'npm_package_json', 'npm_lifecycle_event']) delete env[name];
  const child = spawn('npx', ['-y', 'pnpm@10.34.9', 'start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    await expect.poll(async () => {
      if (child.exitCode !== null) throw new Error(`pnpm start exited early:\n${output}`);
      return fetch(`http://127.0.0.1:${ports.SHOP_PORT}/healthz`).then((r) => r.ok, () => false);
    }, { timeout: 200_000, intervals: [500] }).toBe(true);
    const before = output.length;
    process.kill(-(child.pid ?? 0), 'SIGINT');
    await exited;
    const after = output.slice(before);
    expect(after).not.toMatch(/ELIFECYCLE|Command failed|Error/i);
    for (const port of Object.values(ports)) {
      await expect(fetch(`http://127.0.0.1:${port}/`).then(() => 'open', () => 'closed')).resolves.toBe('closed');
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid ?? 0), 'SIGKILL');
  }
});
