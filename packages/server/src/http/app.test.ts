import { get } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, SHOP_ORIGIN, startHarness, type Harness } from '../../test/support/harness.js';
import { defaultWidgetDist } from './widget.js';

let h: Harness;

/** fetch() adds `Cache-Control: no-cache` to conditional requests (Fetch spec), as a browser reload would; node:http does not. */
function conditionalStatus(url: string, etag: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'if-none-match': etag } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });
}
let dist: string;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'llc-widget-'));
  writeFileSync(join(dist, 'lianlian-checkout.js'), 'export const built = true;\n');
  h = await startHarness({ widgetDistDir: dist });
});
afterAll(async () => {
  await h.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('operations routes', () => {
  it('answers /healthz and /readyz (with the ledger)', async () => {
    expect(await (await h.get('/healthz')).json()).toEqual({ status: 'ok' });
    expect(await (await h.get('/readyz')).json()).toEqual({ status: 'ready', ledger: 'sqlite' });
  });

  it('sets helmet headers on every response', async () => {
    const res = await h.get('/healthz');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('GET /widget/:file', () => {
  it('serves the built element with ETag, CORS and caching', async () => {
    const res = await h.get('/widget/lianlian-checkout.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(await res.text()).toContain('built');
    const etag = res.headers.get('etag')!;
    expect(await conditionalStatus(`${h.url}/widget/lianlian-checkout.js`, etag)).toBe(304);
    const versioned = await h.get('/widget/lianlian-checkout.js?v=0.1.0');
    expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers not_found for other files and refuses paths outside dist', async () => {
    expect(((await (await h.get('/widget/nope.js')).json()) as { code: string }).code).toBe('not_found');
    expect((await h.get('/widget/..%2Fpackage.json')).status).toBe(404);
  });

  it("finds the widget's dist through the widget package's own export", () => {
    expect(defaultWidgetDist()).toMatch(/packages[/\\]widget[/\\]dist$/);
  });

  it('answers widget_not_built when the widget has no dist', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'llc-empty-'));
    const other = await startHarness({ widgetDistDir: empty });
    try {
      const res = await other.get('/widget/lianlian-checkout.js');
      expect(res.status).toBe(404);
      const body = (await res.json()) as { code: string; detail: string };
      expect(body.code).toBe('widget_not_built');
      // The fix must run in a fresh clone, where only npx exists: the workspace's own pinned pnpm.
      const rootPkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { packageManager: string };
      expect(body.detail).toContain(`\`npx -y ${rootPkg.packageManager} --filter @lianlian-checkout/widget build\``);
      // Served on the next request once built, without a restart.
      writeFileSync(join(empty, 'lianlian-checkout.js'), 'export {};\n');
      expect((await other.get('/widget/lianlian-checkout.js')).status).toBe(200);
    } finally {
      await other.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('unknown errors', () => {
  it('become a generic internal_error, logged with the request id, nothing leaked', async () => {
    const broken = await startHarness({
      wrapLedger: (ledger) => Object.assign(Object.create(ledger) as typeof ledger, {
        getOrderByTokenHash: () => Promise.reject(new Error('db exploded: password=hunter2')),
        ping: () => Promise.reject(new Error('down')),
      }),
    });
    try {
      const o = await broken.order(orderBody('web'));
      const res = await broken.checkout(o.checkout_token, { origin: SHOP_ORIGIN });
      expect(res.status).toBe(500);
      const text = await res.text();
      const body = JSON.parse(text) as { code: string; requestId: string; retryable: boolean };
      expect(body).toMatchObject({ code: 'internal_error', retryable: true });
      expect(text).not.toMatch(/hunter2|exploded|at .*\.ts/);
      const logged = broken.logs.find((l) => l.includes('db exploded'));
      expect(logged).toContain(body.requestId);
      const ready = await broken.get('/readyz');
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { code: string }).code).toBe('not_ready');
    } finally {
      await broken.close();
    }
  });
});
