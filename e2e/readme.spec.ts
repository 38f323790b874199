import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

/**
 * The README's "Against the sandbox, step by step", run as written: every fenced block whose info
 * string carries `title="<n>. …"` is a step, in order. Step 1 ("in every terminal") is run before
 * each of the others, each in its own bash like a fresh terminal; steps titled "(keeps running)"
 * start in the background and the next step waits for the port they open. Then Chromium opens the
 * page the steps served, pays on the sandbox, and step 8 must answer "paid". A README change that
 * breaks a step fails here.
 */
const root = resolve(import.meta.dirname, '..');
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
// Own ports, away from the e2e stack's (3300/4300/4400 + offset).
const ports = { SHOP_PORT: 7300 + offset, PORT: 7400 + offset, SANDBOX_PORT: 7500 + offset };
const scratch = join(root, 'data', 'try');

interface Step { title: string; code: string; keepsRunning: boolean }

function readmeSteps(): Step[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const steps: Step[] = [];
  for (const m of readme.matchAll(/^```sh title="(\d+\.[^"]*)"\n([\s\S]*?)^```$/gm)) {
    steps.push({ title: m[1] ?? '', code: m[2] ?? '', keepsRunning: /\(keeps running\)/.test(m[1] ?? '') });
  }
  return steps;
}

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); done(true); });
    socket.once('error', () => done(false));
  });
}

const env: NodeJS.ProcessEnv = { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
// As in a user's terminal: no outer package script's variables deciding where paths resolve.
for (const name of ['INIT_CWD', 'npm_package_json', 'npm_lifecycle_event']) delete env[name];
const background: ChildProcess[] = [];

test.describe('README integration steps', () => {
  test.setTimeout(240_000);

  test.beforeAll(async () => {
    for (const port of Object.values(ports)) {
      if (await listening(port)) throw new Error(`port ${port} is taken; set E2E_PORT_OFFSET to move the README test's ports`);
    }
    rmSync(scratch, { recursive: true, force: true });
  });

  test.afterAll(async () => {
    for (const child of background) {
      if (child.pid !== undefined && child.exitCode === null) {
        try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      }
    }
    await Promise.all(background.map((c) => new Promise<void>((done) => {
      if (c.exitCode !== null || c.signalCode !== null) done();
      else c.once('exit', () => done());
    })));
    rmSync(scratch, { recursive: true, force: true });
  });

  test('run as written against the sandbox, and a buyer pays through them', async ({ page }) => {
    const steps = readmeSteps();
    expect(steps.map((s) => Number.parseInt(s.title, 10))).toEqual(steps.map((_, i) => i + 1));
    expect(steps.length).toBeGreaterThanOrEqual(8);
    const [terminal, ...rest] = steps;
    let waiting: number[] = Object.values(ports);

    for (const step of rest) {
      const script = `set -euo pipefail\n${terminal?.code ?? ''}\n${step.code}`;
      if (step.keepsRunning) {
        const child = spawn('bash', ['-c', script], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
        let log = '';
        child.stdout?.on('data', (d: Buffer) => { log += d.toString(); });
        child.stderr?.on('data', (d: Buffer) => { log += d.toString(); });
        background.push(child);
        // Wait until it opens one of the ports nobody had opened yet.
        await expect.poll(async () => {
          if (child.exitCode !== null) throw new Error(`step "${step.title}" exited with ${child.exitCode}:\n${log}`);
          for (const port of waiting) {
            if (await listening(port)) { waiting = waiting.filter((p) => p !== port); return true; }
          }
          return false;
        }, { message: `step "${step.title}" opens a port`, timeout: 90_000, intervals: [250] }).toBe(true);
        continue;
      }
      if (/^8\./.test(step.title)) break; // after the buyer has paid
      const run = spawnSync('bash', ['-c', script], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
      expect(run.status, `step "${step.title}":\n${run.stdout}\n${run.stderr}`).toBe(0);
    }

    // The page the steps served, as a buyer sees it.
    const shop = `http://127.0.0.1:${ports.SHOP_PORT}`;
    const sandbox = `http://127.0.0.1:${ports.SANDBOX_PORT}`;
    await page.goto(shop);
    await page.locator('lianlian-checkout').getByRole('button').click();
    await page.waitForURL((url) => url.origin === sandbox, { timeout: 20_000 });
    await expect(page.getByTestId('sandbox-amount')).toContainText('9.90');
    await page.getByTestId('sandbox-pay').click();
    const order = JSON.parse(readFileSync(join(scratch, 'order.json'), 'utf8')) as { no_order: string };
    await page.waitForURL((url) => url.origin === shop && url.pathname === `/orders/${order.no_order}`, { timeout: 20_000 });

    const ask = steps.find((s) => /^8\./.test(s.title));
    expect(ask).toBeDefined();
    await expect.poll(() => {
      const run = spawnSync('bash', ['-c', `set -euo pipefail\n${terminal?.code ?? ''}\n${ask?.code ?? ''}`], { cwd: root, env, encoding: 'utf8', timeout: 30_000 });
      return run.status === 0 ? (JSON.parse(run.stdout) as { status: string }).status : `exit ${run.status}: ${run.stderr}`;
    }, { timeout: 30_000 }).toBe('paid');

    // The relative paths of step 5 were resolved in the scratch folder, not in packages/server.
    expect(spawnSync('test', ['-f', join(scratch, 'data', 'lianlian-checkout.db')]).status).toBe(0);
  });
});
