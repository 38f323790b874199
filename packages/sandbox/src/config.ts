import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { SandboxConfigError } from './errors.js';
import type { AmountFormat } from './lianlian/money.js';
import type { MerchantInput } from './merchants.js';
import { isAmountFormat } from './settings.js';

export interface SandboxConfig {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly privateKeyPem: string;
  /** Where the key came from, for the start-up banner (never the key itself). */
  readonly privateKeySource: string;
  readonly merchants: MerchantInput[];
  readonly timeScale: number;
  readonly amountFormat: AmountFormat;
  /** `SANDBOX_DATA_FILE`: the SQLite file that keeps merchants and orders across restarts; unset = memory only. */
  readonly dataFile: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A generated LianLian-side key pair, made once and reused so merchants can keep its public key. */
function devKey(dataDir: string): { pem: string; source: string } {
  const file = join(dataDir, 'lianlian-private-key.pem');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    writeFileSync(join(dataDir, 'lianlian-public-key.pem'), publicKey.export({ format: 'pem', type: 'spki' }));
  }
  return { pem: readFileSync(file, 'utf8'), source: `${file} (generated)` };
}

/** Relative public_key_file paths are read relative to the merchants file itself. */
function readMerchants(file: string): MerchantInput[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error('the file must hold a JSON array of merchants');
  return parsed.map((m: unknown) => {
    const o = { ...(m as Record<string, unknown>) };
    if (typeof o.public_key_file === 'string' && !isAbsolute(o.public_key_file)) o.public_key_file = resolve(dirname(file), o.public_key_file);
    return o as unknown as MerchantInput;
  });
}

/**
 * The folder the user ran the command in. `pnpm --filter @lianlian-checkout/sandbox dev` runs in the
 * package's folder and leaves the user's folder in `INIT_CWD`; it is used only while we run as that
 * package script (the working directory is the folder of `npm_package_json`).
 */
export function launchDir(env: Env, cwd: string): string {
  const init = env.INIT_CWD?.trim();
  const pkg = env.npm_package_json?.trim();
  if (init && isAbsolute(init) && pkg && isAbsolute(pkg) && resolve(dirname(pkg)) === resolve(cwd)) return init;
  return cwd;
}

/** Reads and checks the environment once; every problem is reported together. Relative paths resolve from `launchDir`. */
export function loadConfig(env: Env, cwd: string = process.cwd()): SandboxConfig {
  const problems: string[] = [];
  const base = launchDir(env, cwd);
  const path = (value: string | undefined): string | undefined => (value ? resolve(base, value) : undefined);
  const port = Number(env.SANDBOX_PORT ?? '4100');
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`SANDBOX_PORT: expected a port number 0–65535, got "${env.SANDBOX_PORT}".`);
  const timeScale = Number(env.SANDBOX_TIME_SCALE ?? '1');
  if (!Number.isFinite(timeScale) || timeScale <= 0) problems.push(`SANDBOX_TIME_SCALE: expected a positive number (1 = real time, 0.01 = 100× faster), got "${env.SANDBOX_TIME_SCALE}".`);
  const amountFormat = env.SANDBOX_AMOUNT_FORMAT ?? 'java';
  if (!isAmountFormat(amountFormat)) problems.push(`SANDBOX_AMOUNT_FORMAT: expected "java" (LianLian's Double.toString style, the default) or "echo" (the merchant's own string), got "${amountFormat.slice(0, 20)}".`);
  const host = env.SANDBOX_HOST ?? '127.0.0.1';
  const publicUrl = (env.SANDBOX_PUBLIC_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) problems.push(`SANDBOX_PUBLIC_URL: expected an http(s) base URL, got "${publicUrl}".`);
  const dataDir = path(env.SANDBOX_DATA_DIR) ?? resolve(base, 'data/sandbox');
  let key = { pem: '', source: '' };
  try {
    const file = path(env.SANDBOX_PRIVATE_KEY_FILE);
    key = file ? { pem: readFileSync(file, 'utf8'), source: file } : devKey(dataDir);
  } catch (err) {
    problems.push(`SANDBOX_PRIVATE_KEY_FILE / SANDBOX_DATA_DIR: cannot read or create the LianLian private key (${(err as Error).message}).`);
  }
  let merchants: MerchantInput[] = [];
  const merchantsFile = path(env.SANDBOX_MERCHANTS_FILE);
  try {
    if (merchantsFile) merchants = readMerchants(merchantsFile);
  } catch (err) {
    problems.push(`SANDBOX_MERCHANTS_FILE: cannot read ${merchantsFile} (${(err as Error).message}); it holds a JSON array of merchants (docs/sandbox.md).`);
  }
  if (problems.length > 0) throw new SandboxConfigError('config_invalid', `The sandbox configuration has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  const dataFile = path(env.SANDBOX_DATA_FILE?.trim());
  return Object.freeze({ port, host, publicUrl, privateKeyPem: key.pem, privateKeySource: key.source, merchants, timeScale, amountFormat: isAmountFormat(amountFormat) ? amountFormat : 'java', dataFile });
}
