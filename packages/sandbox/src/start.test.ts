import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxConfigError } from './errors.js';
import { startSandbox } from './start.js';

const data = mkdtempSync(join(tmpdir(), 'sandbox-start-'));
afterAll(() => rmSync(data, { recursive: true, force: true }));

describe('startSandbox (what lianlian-sandbox and the demo run)', () => {
  it('listens on the bound port from the environment alone, and stop() closes it', async () => {
    const running = await startSandbox({ SANDBOX_PORT: '0', SANDBOX_DATA_DIR: data });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.url).not.toMatch(/:0$/);
    expect(running.keySource).toContain('(generated)');
    const res = await fetch(`${running.url}/__sandbox/public-key`);
    expect(((await res.json()) as { pem: string }).pem).toBe(running.sandbox.publicKey.pem);
    await running.stop();
    await expect(fetch(`${running.url}/__sandbox/public-key`)).rejects.toThrow();
  });

  it('rejects with the listen error when the port is taken', async () => {
    const first = await startSandbox({ SANDBOX_PORT: '0', SANDBOX_DATA_DIR: data });
    try {
      const port = new URL(first.url).port;
      await expect(startSandbox({ SANDBOX_PORT: port, SANDBOX_DATA_DIR: data })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.stop();
    }
  });

  it('throws SandboxConfigError listing every problem, before listening', async () => {
    const start = startSandbox({ SANDBOX_PORT: 'x', SANDBOX_TIME_SCALE: '-1', SANDBOX_DATA_DIR: data });
    await expect(start).rejects.toBeInstanceOf(SandboxConfigError);
    await expect(start).rejects.toThrow(/2 problem\(s\)[\s\S]*SANDBOX_PORT[\s\S]*SANDBOX_TIME_SCALE/);
  });
});
