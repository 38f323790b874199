import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPacked, PACKAGE_NAMES, ROOT, run, type Installation } from './install.js';
import { checkoutOnce, startStack, type Stack } from './stack.js';

/**
 * Issue 16: what a merchant installs is the build. All four packages are packed with `pnpm pack`,
 * installed with plain npm into an empty folder under the OS temp dir, and used from there: the
 * commands with plain node, a webhook verified by a plain .mjs shop, a TypeScript consumer.
 */
let installed: Installation;
beforeAll(() => {
  installed = installPacked();
});
afterAll(() => installed?.remove());

const fixture = (name: string): string => join(ROOT, 'packaging', 'fixtures', name);
const inApp = (...parts: string[]): string => join(installed.app, ...parts);
const npx = (args: string[]): ReturnType<typeof spawnSync> => spawnSync('npx', ['--no', ...args], { cwd: installed.app, env: installed.env, encoding: 'utf8' });

/** Every file an export of the installed package.json points at, with `*` patterns expanded. */
function exportTargets(pkgDir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>> };
  const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
  return targets.flatMap((target) => {
    if (!target.includes('*')) return [target];
    const [dir, suffix] = target.split('*') as [string, string];
    return readdirSync(join(pkgDir, dir)).filter((f) => f.endsWith(suffix)).map((f) => `${dir}${f}`);
  });
}

describe('pnpm pack', () => {
  it.each(PACKAGE_NAMES)('%s: the dry run lists no tests, .env, keys, data/ or sources, and matches the tarball', (name) => {
    const files = installed.dryRun.get(name) ?? [];
    expect(files).toContain('package.json');
    expect(files).toEqual(installed.packed.get(name));
    const stray = files.filter((f) =>
      /(^|\/)(test|tests|__tests__|data|src|node_modules)\//.test(f) ||
      /\.(test|spec|probe)\.|(^|\/)(testing|fuzzing)[.-]|-testing\.|(^|\/)\.env|\.(pem|key|p12|pfx|b64|tsbuildinfo)$/.test(f) ||
      (f.endsWith('.ts') && !f.endsWith('.d.ts')));
    expect(stray).toEqual([]);
  });
});

describe('the packages installed from their tarballs with npm', () => {
  it('brings no tsx (nor TypeScript), and only JavaScript with declarations, none of it test code', () => {
    expect(existsSync(inApp('node_modules', 'tsx'))).toBe(false);
    expect(existsSync(inApp('node_modules', 'typescript'))).toBe(false);
    for (const name of PACKAGE_NAMES) {
      const dir = inApp('node_modules', name);
      const targets = exportTargets(dir);
      expect(targets.filter((t) => t.endsWith('.d.ts')).length, `${name} exports declarations`).toBeGreaterThan(0);
      for (const target of targets) expect(existsSync(join(dir, target)), `${name}: ${target}`).toBe(true);
      const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('node_modules'));
      expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), `${name} ships TypeScript sources`).toEqual([]);
      // A test helper that slipped into the build would import a test tool at run time.
      const testTools = files.filter((f) => f.endsWith('.js') && /from\s*['"](vitest|fast-check|tsx|@playwright\/test)['"]/.test(readFileSync(join(dir, f), 'utf8')));
      expect(testTools, `${name} ships modules that import test tools`).toEqual([]);
    }
  });

  it('exposes the entry points the workspace has, each with declarations where it is code', () => {
    const exportsOf = (file: string): Record<string, unknown> => (JSON.parse(readFileSync(file, 'utf8')) as { exports: Record<string, unknown> }).exports;
    for (const name of PACKAGE_NAMES) {
      const installedExports = exportsOf(inApp('node_modules', name, 'package.json'));
      expect(Object.keys(installedExports), name).toEqual(Object.keys(exportsOf(join(ROOT, 'packages', name.split('/')[1] ?? '', 'package.json'))));
      for (const [entry, target] of Object.entries(installedExports)) {
        if (!entry.endsWith('.json')) expect(target, `${name} ${entry}`).toMatchObject({ types: expect.stringMatching(/\.d\.ts$/), default: expect.stringMatching(/\.js$/) });
      }
    }
  });

  it('npx lianlian-checkout keygen writes a key pair (private key mode 0600)', () => {
    const r = npx(['lianlian-checkout', 'keygen', '--out', 'keys', '--bits', '2048']);
    expect(r.status, String(r.stderr)).toBe(0);
    expect(String(r.stdout)).toContain('merchant_private_key.pem');
    expect(statSync(inApp('keys', 'merchant_private_key.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(inApp('keys', 'merchant_public_key.pem'), 'utf8')).toContain('BEGIN PUBLIC KEY');
  });

  describe('npx lianlian-sandbox, npx lianlian-checkout serve and a plain .mjs shop', () => {
    let stack: Stack;
    beforeAll(async () => {
      copyFileSync(fixture('webhook-shop.mjs'), inApp('webhook-shop.mjs'));
      copyFileSync(fixture('forbid-server-modules.mjs'), inApp('forbid-server-modules.mjs'));
      stack = await startStack(installed);
    });
    afterAll(() => stack?.stop());

    it('an order is created, its checkout signed, the form accepted by the sandbox gateway, and Pay makes it paid', async () => {
      const paid = await checkoutOnce(stack);
      expect(paid.status).toBe('paid');
    });

    it('the signing server serves the element from the installed widget package', async () => {
      const res = await fetch(`${stack.server}/widget/lianlian-checkout.js`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('lianlian-checkout');
    });

    it('the shop verifies the order.paid webhook through @lianlian-checkout/server/webhooks, loading no database driver or Express', async () => {
      const { no_order } = await checkoutOnce(stack);
      const verified = await stack.shop.verified(no_order, 'order.paid');
      expect(verified).toMatchObject({ no_order, status: 'paid' });
      expect(stack.shop.loaded()).toEqual([]);
      expect(stack.shop.rejected()).toEqual([]);
    });
  });

  it('the main entry does load the database drivers (the control for the check above)', () => {
    const r = spawnSync(process.execPath, ['--import', './forbid-server-modules.mjs', '--input-type=module', '-e', "await import('@lianlian-checkout/server')"], { cwd: installed.app, env: installed.env, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/forbidden import of "(better-sqlite3|pg|express)"/);
  });

  it('a TypeScript consumer type-checks against the installed declarations', () => {
    writeFileSync(inApp('tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', lib: ['es2023', 'dom'], types: [], skipLibCheck: true, noEmit: true },
      files: ['consumer.ts'],
    }));
    writeFileSync(inApp('consumer.ts'), [
      "import { verifyWebhookSignature, type ShopWebhookEvent } from '@lianlian-checkout/server/webhooks';",
      "export const verify = (body: Uint8Array, header?: string): ShopWebhookEvent => verifyWebhookSignature({ payload: body, header, secret: 'whsec' });",
      "import { formatAmount } from '@lianlian-checkout/protocol';",
      'export const price: string = formatAmount(4990);',
      "import '@lianlian-checkout/widget/define/lianlian-checkout.js';",
      "export const token: string | undefined = document.querySelector('lianlian-checkout')?.token;",
      '// @ts-expect-error: a parsed object is not a raw webhook body, and the declarations say so',
      "verifyWebhookSignature({ payload: {}, header: undefined, secret: 'whsec' });",
      '',
    ].join('\n'));
    run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: installed.app, env: installed.env });
  });
});
