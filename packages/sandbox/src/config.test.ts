import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'sandbox-config-'));

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:4100 and generates a key pair once, then reuses it', () => {
    const data = dir();
    const first = loadConfig({ SANDBOX_DATA_DIR: data });
    expect(first).toMatchObject({ port: 4100, host: '127.0.0.1', publicUrl: 'http://127.0.0.1:4100', timeScale: 1, merchants: [], amountFormat: 'java' });
    expect(first.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(readFileSync(join(data, 'lianlian-public-key.pem'), 'utf8')).toContain('BEGIN PUBLIC KEY');
    expect(loadConfig({ SANDBOX_DATA_DIR: data }).privateKeyPem).toBe(first.privateKeyPem);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('reads merchants, resolving public_key_file next to the merchants file', () => {
    const d = dir();
    writeFileSync(join(d, 'merchants.json'), JSON.stringify([{ oid_partner: '201304121000001004', public_key_file: 'shop.pem', products: ['web'], domains: ['http://127.0.0.1:3000'] }]));
    const config = loadConfig({ SANDBOX_DATA_DIR: d, SANDBOX_MERCHANTS_FILE: join(d, 'merchants.json'), SANDBOX_TIME_SCALE: '0.01', SANDBOX_PORT: '4200' });
    expect(config.merchants[0].public_key_file).toBe(join(d, 'shop.pem'));
    expect(config).toMatchObject({ timeScale: 0.01, publicUrl: 'http://127.0.0.1:4200' });
    expect(loadConfig({ SANDBOX_DATA_DIR: d, SANDBOX_AMOUNT_FORMAT: 'echo' }).amountFormat).toBe('echo');
  });

  it('reports every problem at once, naming the variables', () => {
    const d = dir();
    expect(() => loadConfig({ SANDBOX_PORT: 'x', SANDBOX_TIME_SCALE: '0', SANDBOX_AMOUNT_FORMAT: 'plain', SANDBOX_PRIVATE_KEY_FILE: join(d, 'missing.pem'), SANDBOX_MERCHANTS_FILE: join(d, 'none.json') }))
      .toThrow(/5 problem\(s\)[\s\S]*SANDBOX_PORT[\s\S]*SANDBOX_TIME_SCALE[\s\S]*SANDBOX_AMOUNT_FORMAT[\s\S]*SANDBOX_PRIVATE_KEY_FILE[\s\S]*SANDBOX_MERCHANTS_FILE/);
  });

  it('resolves relative paths from where the user ran `pnpm --filter … dev` (INIT_CWD), not the package folder', () => {
    const user = dir();
    const pkg = dir();
    writeFileSync(join(user, 'merchants.json'), JSON.stringify([{ oid_partner: '201304121000001004', public_key_file: 'shop.pem', products: ['web'], domains: ['*'] }]));
    const env = { INIT_CWD: user, npm_package_json: join(pkg, 'package.json'), SANDBOX_MERCHANTS_FILE: 'merchants.json' };
    const config = loadConfig(env, pkg);
    expect(config.merchants[0].public_key_file).toBe(join(user, 'shop.pem'));
    expect(config.privateKeySource).toBe(`${join(user, 'data', 'sandbox', 'lianlian-private-key.pem')} (generated)`);
    expect(() => loadConfig({ ...env, SANDBOX_MERCHANTS_FILE: 'nope.json' }, pkg)).toThrow(`cannot read ${join(user, 'nope.json')}`);
  });
});
