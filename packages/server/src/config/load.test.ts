import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../errors.js';
import { LIANLIAN_PUBLISHED_PUBLIC_KEY } from './keys.js';
import { loadConfig } from './load.js';

const pair = () => generateKeyPairSync('rsa', { modulusLength: 1024 });
const merchant = pair();
const lianlian = pair();
const pem = (k: typeof merchant.privateKey) => k.export({ type: 'pkcs8', format: 'pem' }) as string;
const spki = (k: typeof merchant.publicKey) => k.export({ type: 'spki', format: 'pem' }) as string;

const base = {
  LIANLIAN_OID_PARTNER: '201408071000001539',
  LIANLIAN_PRIVATE_KEY: pem(merchant.privateKey),
  LIANLIAN_PUBLIC_KEY: spki(lianlian.publicKey),
  ALLOWED_ORIGINS: 'http://localhost:3000, https://shop.example',
  SHOP_API_KEY: 'shop-api-key-0123456789abcdef',
  SHOP_RETURN_URL: 'http://localhost:3000/orders/{no_order}?status={status}',
};

const dataKey = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;

function problemsOf(env: Record<string, string>, options: Parameters<typeof loadConfig>[1] = {}): InvalidConfigError['problems'] {
  try {
    loadConfig(env, options);
  } catch (e) {
    if (e instanceof InvalidConfigError) return e.problems;
    throw e;
  }
  throw new Error('loadConfig accepted the configuration');
}

describe('loadConfig', () => {
  it('builds a frozen sandbox configuration with documented defaults', () => {
    const config = loadConfig(base);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.products.web)).toBe(true);
    expect(config.mode).toBe('sandbox');
    expect(config.port).toBe(4000);
    expect(config.databaseUrl).toBe(`sqlite:${resolve('data/lianlian-checkout.db')}`);
    expect(config.publicUrl).toBe('http://127.0.0.1:4000');
    expect(config.notifyUrl).toBe('http://127.0.0.1:4000/lianlian/notify');
    expect(config.returnUrl).toBe('http://127.0.0.1:4000/lianlian/return');
    expect(config.allowedOrigins).toEqual(['http://localhost:3000', 'https://shop.example']);
    expect(config.products.web).toMatchObject({ enabled: true, live: false, gatewayUrl: 'http://127.0.0.1:4100/payment/bankgateway.htm' });
    expect(config.products.h5.enabled).toBe(false);
    expect(config.products.web.limits).toEqual({ perTransactionFen: 5000, perDayFen: 5000, perMonthFen: 5000 });
    expect(config.trustProxy).toBe(false);
    expect(config.notifyAckMessage).toBe('交易成功');
    expect(config.logFlushMs).toBe(1000);
    expect(loadConfig({ ...base, LOG_FLUSH_MS: '0' }).logFlushMs).toBe(0);
    expect(problemsOf({ ...base, LOG_FLUSH_MS: 'soon' }).map((p) => p.name)).toEqual(['LOG_FLUSH_MS']);
    expect(config.workerLeaseSeconds).toBe(60);
    expect(loadConfig({ ...base, WORKER_LEASE_SECONDS: '15' }).workerLeaseSeconds).toBe(15);
    expect(problemsOf({ ...base, WORKER_LEASE_SECONDS: '5' }).map((p) => p.name)).toEqual(['WORKER_LEASE_SECONDS']);
    expect(config.lianlianRateLimitPerMinute).toBe(300);
    expect(loadConfig({ ...base, LIANLIAN_RATE_LIMIT_PER_MINUTE: '30' }).lianlianRateLimitPerMinute).toBe(30);
    expect(problemsOf({ ...base, LIANLIAN_RATE_LIMIT_PER_MINUTE: '0' }).map((p) => p.name)).toEqual(['LIANLIAN_RATE_LIMIT_PER_MINUTE']);
  });

  it('reports every problem at once, with names and hints, never echoing a secret', () => {
    const secretKey = 'short-secret';
    const problems = problemsOf({
      LIANLIAN_MODE: 'live',
      LIANLIAN_OID_PARTNER: '123',
      LIANLIAN_PRIVATE_KEY: 'not-a-key-material-SECRETVALUE',
      PUBLIC_URL: 'http://pay.shop.example',
      ALLOWED_ORIGINS: 'https://shop.example/path',
      SHOP_API_KEY: secretKey,
      PORT: 'eighty',
      LIANLIAN_PRODUCTS: 'web,bitcoin',
    });
    const names = problems.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining([
      'LIANLIAN_OID_PARTNER', 'LIANLIAN_PRIVATE_KEY', 'PUBLIC_URL', 'ALLOWED_ORIGINS', 'SHOP_API_KEY', 'SHOP_RETURN_URL', 'PORT', 'LIANLIAN_PRODUCTS',
    ]));
    for (const p of problems) {
      expect(p.expected.length).toBeGreaterThan(0);
      expect(p.hint.length).toBeGreaterThan(0);
    }
    const text = JSON.stringify(problems);
    expect(text).not.toContain(secretKey);
    expect(text).not.toContain('SECRETVALUE');
  });

  it("defaults to LianLian's published public key in live mode and demands https", () => {
    const { LIANLIAN_PUBLIC_KEY: _omit, ...rest } = base;
    const config = loadConfig({
      ...rest, LIANLIAN_MODE: 'live', PUBLIC_URL: 'https://pay.shop.example/', ALLOWED_ORIGINS: 'https://shop.example', LEDGER_DATA_KEY: dataKey('k1'),
    });
    expect(config.lianlianPublicKeySource).toBe('published');
    expect(config.verifier.signType === 'RSA' && config.verifier.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')).toBe(LIANLIAN_PUBLISHED_PUBLIC_KEY);
    expect(config.products.web.gatewayUrl).toBe('https://payment.lianlianpay.com/payment/bankgateway.htm');
    expect(config.orderQueryUrl).toBe('https://queryapi.lianlianpay.com/orderquery.htm');
    expect(problemsOf({ ...rest, LIANLIAN_MODE: 'live', ALLOWED_ORIGINS: 'http://shop.example' }).map((p) => p.name))
      .toEqual(expect.arrayContaining(['PUBLIC_URL', 'ALLOWED_ORIGINS']));
  });

  it('requires LEDGER_DATA_KEY in live mode, listed with the other problems; sandbox mode runs without one', () => {
    const { LIANLIAN_PUBLIC_KEY: _omit, ...rest } = base;
    const live = problemsOf({ ...rest, LIANLIAN_MODE: 'live', PUBLIC_URL: 'http://pay.shop.example' });
    expect(live.map((p) => p.name)).toEqual(expect.arrayContaining(['PUBLIC_URL', 'ALLOWED_ORIGINS', 'LEDGER_DATA_KEY']));
    expect(live.find((p) => p.name === 'LEDGER_DATA_KEY')?.hint).toMatch(/It is not set\. .*openssl rand -base64 32/);
    expect(loadConfig(base).ledgerDataKeys).toBeUndefined();
    const keys = loadConfig({ ...base, LEDGER_DATA_KEY: `${dataKey('k2')},${dataKey('k1')}` }).ledgerDataKeys;
    expect(keys?.map((k) => k.id)).toEqual(['k2', 'k1']);
  });

  it('refuses a malformed LEDGER_DATA_KEY without echoing it, and reads LEDGER_DATA_KEY_FILE', () => {
    const short = `k1:${randomBytes(24).toString('base64')}`;
    for (const [value, hint] of [[short, /decodes to 24 bytes/], [`${dataKey('k1')},${dataKey('k1')}`, /appears twice/], ['k1', /is not "<key id>:<base64 key>"/]] as const) {
      const problems = problemsOf({ ...base, LEDGER_DATA_KEY: value });
      expect(problems).toEqual([expect.objectContaining({ name: 'LEDGER_DATA_KEY', hint: expect.stringMatching(hint) })]);
      const secret = value.split(':')[1]?.slice(0, 16);
      if (secret) expect(JSON.stringify(problems)).not.toContain(secret);
    }
    const file = `${dataKey('k3')}\n${dataKey('k2')}\n`;
    const readFile = (p: string): Buffer => (p === '/k/data.key' ? Buffer.from(file) : Buffer.alloc(0));
    expect(loadConfig({ ...base, LEDGER_DATA_KEY_FILE: '/k/data.key' }, { readFile }).ledgerDataKeys?.map((k) => k.id)).toEqual(['k3', 'k2']);
    expect(problemsOf({ ...base, LEDGER_DATA_KEY_FILE: '/k/data.key', LEDGER_DATA_KEY: dataKey('k1') }, { readFile })[0]?.name).toBe('LEDGER_DATA_KEY');
  });

  it('requires the sandbox key in sandbox mode and refuses the merchant key as LianLian\'s', () => {
    const { LIANLIAN_PUBLIC_KEY: _omit, ...rest } = base;
    expect(problemsOf(rest).map((p) => p.name)).toContain('LIANLIAN_PUBLIC_KEY');
    const own = problemsOf({ ...base, LIANLIAN_PUBLIC_KEY: spki(merchant.publicKey) });
    expect(own).toEqual([expect.objectContaining({ name: 'LIANLIAN_PUBLIC_KEY', hint: expect.stringContaining('your merchant key') })]);
  });

  it('checks the optional merchant public key against the private key', () => {
    expect(loadConfig({ ...base, LIANLIAN_MERCHANT_PUBLIC_KEY: spki(merchant.publicKey) }).merchantPublicKey).toBeDefined();
    expect(problemsOf({ ...base, LIANLIAN_MERCHANT_PUBLIC_KEY: spki(lianlian.publicKey) })[0]?.hint).toMatch(/not a pair/);
  });

  it('reads per-product gateways, versions, limits and live products', () => {
    const config = loadConfig({
      ...base,
      LIANLIAN_PRODUCTS: 'web,h5,aggregate,h5_quickpay',
      LIANLIAN_LIVE_PRODUCTS: 'aggregate',
      LIANLIAN_H5_GATEWAY_URL: 'http://localhost:4100/authpay.htm',
      LIANLIAN_H5_QUICKPAY_GATEWAY_URL: 'https://yintong.com.cn/llpayh5/payment.htm',
      LIANLIAN_H5_QUICKPAY_VERSION: '1.1',
      LIANLIAN_H5_QUICKPAY_LIMIT_PER_DAY: '30.00',
      LIANLIAN_AGGREGATE_VERSION: '1.0',
      LIANLIAN_LIMIT_PER_DAY: '100.00',
      LIANLIAN_WEB_LIMIT_PER_TRANSACTION: '20.00',
    });
    expect(config.products.h5).toMatchObject({ enabled: true, gatewayUrl: 'http://localhost:4100/authpay.htm', version: '1.0' });
    expect(config.products.h5_quickpay).toMatchObject({ enabled: true, gatewayUrl: 'https://yintong.com.cn/llpayh5/payment.htm', version: '1.1' });
    expect(config.products.h5_quickpay.limits).toEqual({ perTransactionFen: 5000, perDayFen: 3000, perMonthFen: 5000 });
    expect(loadConfig(base).products.h5_quickpay).toMatchObject({ enabled: false, gatewayUrl: 'http://127.0.0.1:4100/payment.htm', version: '1.2' });
    expect(problemsOf({ ...base, LIANLIAN_H5_QUICKPAY_VERSION: '1.0' })[0]).toMatchObject({ name: 'LIANLIAN_H5_QUICKPAY_VERSION' });
    expect(config.products.aggregate).toMatchObject({ live: true, version: '1.0' });
    expect(config.products.web.limits).toEqual({ perTransactionFen: 2000, perDayFen: 10000, perMonthFen: 5000 });
    expect(config.products.h5.limits.perDayFen).toBe(10000);
    expect(problemsOf({ ...base, LIANLIAN_LIVE_PRODUCTS: 'easypay' })[0]?.name).toBe('LIANLIAN_LIVE_PRODUCTS');
    expect(problemsOf({ ...base, LIANLIAN_WEB_VERSION: '1.1' })[0]?.name).toBe('LIANLIAN_WEB_VERSION');
  });

  it('supports MD5 signing and key files', () => {
    const { LIANLIAN_PRIVATE_KEY: _a, LIANLIAN_PUBLIC_KEY: _b, ...rest } = base;
    const md5 = loadConfig({ ...rest, LIANLIAN_SIGN_TYPE: 'MD5', LIANLIAN_MD5_KEY: 'demo_md5_key_0001' });
    expect(md5.signer).toEqual({ signType: 'MD5', md5Key: 'demo_md5_key_0001', label: 'LIANLIAN_MD5_KEY' });
    const files: Record<string, Buffer> = { '/k/priv.pem': Buffer.from(pem(merchant.privateKey)), '/k/ll.pem': Buffer.from(spki(lianlian.publicKey)) };
    const readFile = (p: string): Buffer => {
      const f = files[p];
      if (!f) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return f;
    };
    const fromFiles = loadConfig({ ...rest, LIANLIAN_PRIVATE_KEY_FILE: '/k/priv.pem', LIANLIAN_PUBLIC_KEY_FILE: '/k/ll.pem' }, { readFile });
    expect(fromFiles.signer.signType).toBe('RSA');
    const missing = problemsOf({ ...rest, LIANLIAN_PRIVATE_KEY_FILE: '/k/nope.pem', LIANLIAN_PUBLIC_KEY_FILE: '/k/ll.pem' }, { readFile });
    expect(missing).toEqual([expect.objectContaining({ name: 'LIANLIAN_PRIVATE_KEY_FILE', hint: expect.stringContaining('ENOENT') })]);
  });
});

describe('relative paths', () => {
  // `pnpm --filter @lianlian-checkout/server dev` runs in packages/server; the user typed the paths in INIT_CWD.
  const user = realpathSync(mkdtempSync(join(tmpdir(), 'llc-user-')));
  const pkg = realpathSync(mkdtempSync(join(tmpdir(), 'llc-pkg-')));
  writeFileSync(join(user, 'merchant.pem'), pem(merchant.privateKey));
  writeFileSync(join(user, 'lianlian.pem'), spki(lianlian.publicKey));
  const files = { ...base, LIANLIAN_PRIVATE_KEY: '', LIANLIAN_PUBLIC_KEY: '', LIANLIAN_PRIVATE_KEY_FILE: 'merchant.pem', LIANLIAN_PUBLIC_KEY_FILE: './lianlian.pem' };
  const underPnpm = { INIT_CWD: user, npm_package_json: join(pkg, 'package.json') };

  it('resolves key files and the default sqlite path from where the user ran pnpm, not the package folder', () => {
    const config = loadConfig({ ...files, ...underPnpm }, { cwd: pkg });
    expect(config.databaseUrl).toBe(`sqlite:${join(user, 'data', 'lianlian-checkout.db')}`);
    expect(loadConfig({ ...files, ...underPnpm, DATABASE_URL: 'sqlite:db/x.db?synchronous=normal' }, { cwd: pkg }).databaseUrl)
      .toBe(`sqlite:${join(user, 'db', 'x.db')}?synchronous=normal`);
    expect(loadConfig({ ...files, ...underPnpm, DATABASE_URL: 'sqlite::memory:' }, { cwd: pkg }).databaseUrl).toBe('sqlite::memory:');
  });

  it('uses the working directory when not run as a package script, or when the script ran elsewhere', () => {
    expect(loadConfig(files, { cwd: user }).databaseUrl).toBe(`sqlite:${join(user, 'data', 'lianlian-checkout.db')}`);
    // INIT_CWD inherited from an outer `pnpm test` while this process runs in its own folder.
    expect(loadConfig({ ...files, INIT_CWD: pkg, npm_package_json: join(pkg, 'package.json') }, { cwd: user }).databaseUrl)
      .toBe(`sqlite:${join(user, 'data', 'lianlian-checkout.db')}`);
  });

  it('names the resolved absolute path when a key file cannot be read', () => {
    const problems = problemsOf({ ...files, ...underPnpm, LIANLIAN_PRIVATE_KEY_FILE: 'missing.pem' }, { cwd: pkg });
    expect(problems).toEqual([expect.objectContaining({ name: 'LIANLIAN_PRIVATE_KEY_FILE', hint: expect.stringContaining(`${join(user, 'missing.pem')} could not be read (ENOENT)`) })]);
  });

  it('says a hello-world key file is not a key, naming the variable once', () => {
    writeFileSync(join(user, 'hello.txt'), 'hello world\n');
    const [problem] = problemsOf({ ...files, ...underPnpm, LIANLIAN_PRIVATE_KEY_FILE: 'hello.txt' }, { cwd: pkg });
    expect(problem?.name).toBe('LIANLIAN_PRIVATE_KEY_FILE');
    expect(problem?.hint).toMatch(/^not a key\./);
    expect(problem?.hint).not.toMatch(/truncated|LIANLIAN_PRIVATE_KEY_FILE/);
  });
});
