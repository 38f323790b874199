import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createSandbox } from '@lianlian-checkout/sandbox';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertKeyPair, keyBits, parsePrivateKey, parsePublicKey } from '@lianlian-checkout/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openLedger, parseDataKeys } from '../ledger/index.js';
import { newOrder } from '../../test/support/ledger.js';
import { rsaPair, startHarness, testEnv } from '../../test/support/harness.js';
import { runDoctor } from './doctor.js';
import { KEY_FILES } from './keygen.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lianlian-checkout keygen', () => {
  it('writes a matching pair in LianLian\'s forms with mode 0600, and never overwrites silently', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'llc-keys-')), 'keys');
    dirs.push(out);
    const r = cli(['keygen', '--out', out, '--bits', '1024']);
    expect(r.status).toBe(0);
    for (const name of Object.values(KEY_FILES)) expect(statSync(join(out, name)).mode & 0o777).toBe(0o600);
    const b64 = readFileSync(join(out, KEY_FILES.privateBase64), 'utf8').trim();
    expect(b64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const priv = parsePrivateKey({ key: b64 });
    const pem = parsePrivateKey({ key: readFileSync(join(out, KEY_FILES.privatePem), 'utf8') });
    const pub = parsePublicKey({ key: readFileSync(join(out, KEY_FILES.publicBase64), 'utf8') });
    expect(keyBits(priv)).toBe(1024);
    expect(() => assertKeyPair(priv, pub)).not.toThrow();
    expect(() => assertKeyPair(pem, pub)).not.toThrow();
    expect(r.stdout).toContain(readFileSync(join(out, KEY_FILES.publicBase64), 'utf8').trim());
    const again = cli(['keygen', '--out', out, '--bits', '1024']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('key_file_exists');
  });
});

describe('lianlian-checkout doctor', () => {
  it('reports every configuration problem as FIX and exits 1', () => {
    const r = cli(['doctor', '--offline'], { LIANLIAN_MODE: 'live', SHOP_API_KEY: 'short-secret-value' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FIX\s+LIANLIAN_OID_PARTNER/);
    expect(r.stdout).toMatch(/FIX\s+PUBLIC_URL/);
    expect(r.stdout).toMatch(/FIX\s+LEDGER_DATA_KEY: expected "<key id>:<base64 of 32 random bytes>".*It is not set/);
    expect(r.stdout).not.toContain('short-secret-value');
  });

  it('checks keys, URLs, the notify route, the database and products, then prints the go-live checklist', async () => {
    const merchant = rsaPair();
    const h = await startHarness({ merchant });
    // A real sandbox: doctor compares LIANLIAN_PUBLIC_KEY with the key it publishes.
    const lianlian = rsaPair();
    const sandbox = createSandbox({ privateKeyPem: lianlian.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string });
    const sandboxServer = sandbox.app.listen(0, '127.0.0.1');
    await once(sandboxServer, 'listening');
    const sandboxUrl = `http://127.0.0.1:${(sandboxServer.address() as AddressInfo).port}`;
    try {
      const dir = mkdtempSync(join(tmpdir(), 'llc-doctor-'));
      dirs.push(dir);
      const env = testEnv(merchant, {
        PUBLIC_URL: h.url,
        LIANLIAN_PRODUCTS: 'web,h5',
        LIANLIAN_LIVE_PRODUCTS: 'h5',
        DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
        LIANLIAN_MERCHANT_PUBLIC_KEY: merchant.publicKey.export({ type: 'spki', format: 'pem' }) as string,
        LIANLIAN_GATEWAY_URL: sandboxUrl,
        LIANLIAN_PUBLIC_KEY: sandbox.publicKey.pem,
      });
      const report = await runDoctor({ env, fetch, now: () => new Date() });
      expect(report.checks.find((c) => c.item === 'sandbox key')).toMatchObject({ status: 'ok' });
      // A wrong key used to pass doctor, then every notification failed.
      const wrong = await runDoctor({ env: { ...env, LIANLIAN_PUBLIC_KEY: rsaPair().publicKey.export({ type: 'spki', format: 'pem' }) as string }, fetch, now: () => new Date(), checkDatabase: false });
      expect(wrong.checks.find((c) => c.item === 'sandbox key')).toMatchObject({ status: 'fix', detail: expect.stringContaining(`${sandboxUrl}/__sandbox/public-key.pem`) });
      const byItem = Object.fromEntries(report.checks.map((c) => [c.item, c]));
      expect(byItem['key pair']?.status).toBe('ok');
      expect(byItem['notify route']).toMatchObject({ status: 'ok' });
      expect(byItem.database?.status).toBe('ok');
      expect(byItem.LEDGER_DATA_KEY).toMatchObject({ status: 'note', detail: expect.stringContaining('stored in clear') });
      expect(byItem['product web']?.detail).toContain('50.00/50.00/50.00');
      expect(byItem['product h5']?.detail).toContain('live');
      expect(report.checks.filter((c) => c.status === 'fix')).toEqual([]);
      expect(report.checklist.join('\n')).toMatch(/web:\n.*contract covers.*\n.*successful test payment/);
      expect(report.checklist.join('\n')).toContain('due-diligence');
      expect(byItem.gateways).toMatchObject({ status: 'note', detail: expect.stringContaining('contract covers each gateway you post to: web https://payment.lianlianpay.com/payment/bankgateway.htm, h5 https://wap.lianlianpay.com/travlepay.htm.') });
      expect(byItem.gateways?.detail).toMatch(/Easy Pay H5 \(travlepay\.htm, product h5\) and the quick-pay cashier \(payment\.htm, product h5_quickpay\)/);
      expect(report.checklist.join('\n')).toMatch(/web:\n {2}\[ \] confirm with LianLian that your contract covers this gateway, https:\/\/payment\.lianlianpay\.com\/payment\/bankgateway\.htm \(bankgateway\.htm is LianLian's Express Pay cashier/);
      const quick = await runDoctor({ env: { ...env, LIANLIAN_PRODUCTS: 'h5,h5_quickpay', LIANLIAN_LIVE_PRODUCTS: '', LIANLIAN_H5_GATEWAY_URL: 'https://wap.lianlianpay.com/payment.htm' }, fetch, now: () => new Date(), offline: true, checkDatabase: false });
      expect(quick.checks.find((c) => c.item === 'product h5' && c.status === 'note')?.detail).toMatch(/enable the h5_quickpay product/);
      expect(quick.checklist.join('\n')).toMatch(/h5_quickpay:\n {2}\[ \] confirm with LianLian that your contract covers this gateway, https:\/\/wap\.lianlianpay\.com\/payment\.htm \(H5 has two cashiers/);
      const down = await runDoctor({ env: { ...env, PUBLIC_URL: 'http://127.0.0.1:9' }, fetch, now: () => new Date(), checkDatabase: false });
      expect(down.checks.find((c) => c.item === 'notify route')?.status).toBe('fix');
      // Sandbox mode: the sandbox, not "the internet", has to reach the notify route.
      expect(down.checks.find((c) => c.item === 'notify route')?.detail).toMatch(/The sandbox must reach it/);
      expect(down.checks.find((c) => c.item === 'notify route')?.detail).not.toMatch(/internet/);
      // Merchant-wide steps once, however many products; per-product steps per product.
      const both = await runDoctor({ env: { ...env, LIANLIAN_PRODUCTS: 'web,aggregate,easypay', LIANLIAN_LIVE_PRODUCTS: '' }, fetch, now: () => new Date(), offline: true, checkDatabase: false });
      const text = both.checklist.join('\n');
      for (const once of ['due-diligence', 'request-source domain', 'egress IP', 'switch to LIANLIAN_MODE=live']) expect(text.split(once)).toHaveLength(2);
      expect(text.split('successful test payment')).toHaveLength(4);
    } finally {
      await sandbox.close();
      await new Promise((done) => sandboxServer.close(done));
      await h.close();
    }
  });
});

describe('lianlian-checkout usage errors', () => {
  it('exits 2 with the usage for an unknown or malformed option, as docs/cli.md says', () => {
    for (const args of [['doctor', '--offlien'], ['keygen', '--bits'], ['reseal', '--nope']]) {
      const r = cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/Unknown option|argument missing/);
      expect(r.stderr).toContain('Usage: lianlian-checkout <command> [options]');
    }
  }, 120_000);
});

describe('lianlian-checkout reseal', () => {
  it('moves personal data to the current key, names the keys that can go, and doctor checks the keys against the ledger', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llc-reseal-'));
    dirs.push(dir);
    const [k1, k2] = ['k1', 'k2'].map((id) => `${id}:${randomBytes(32).toString('base64')}`);
    const env = testEnv(rsaPair(), { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` });
    const old = await openLedger(env.DATABASE_URL ?? '', { dataKeys: parseDataKeys(k1 ?? '') });
    await old.createOrder({ order: newOrder({ riskItem: { user_info_bind_phone: '13912345678' } }) });
    await old.close();

    const r = cli(['reseal', '--batch', '10'], { ...env, LEDGER_DATA_KEY: `${k2},${k1}` });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Re-sealed under key "k2": 1 order(s), 0 callback(s), 0 event(s).');
    expect(r.stdout).toContain('Keys "k1" no longer seal anything: remove them from LEDGER_DATA_KEY');
    const ok = await runDoctor({ env: { ...env, LEDGER_DATA_KEY: k2 }, fetch, now: () => new Date(), offline: true });
    expect(ok.checks.find((c) => c.item === 'LEDGER_DATA_KEY')).toMatchObject({ status: 'ok', detail: expect.stringContaining('sealed with "k2"') });
    expect(ok.checks.filter((c) => c.status === 'fix')).toEqual([]);
    const stale = await runDoctor({ env: { ...env, LEDGER_DATA_KEY: k1 }, fetch, now: () => new Date(), offline: true });
    expect(stale.checks.find((c) => c.status === 'fix')).toMatchObject({ item: 'LEDGER_DATA_KEY', detail: expect.stringContaining('key id "k2"') });
    expect(cli(['reseal'], env)).toMatchObject({ status: 1, stderr: expect.stringContaining('LEDGER_DATA_KEY is not set') });
  });
});
