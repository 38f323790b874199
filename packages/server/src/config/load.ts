import { InvalidConfigError } from '../errors.js';
import { loadDataKeys } from './data-key.js';
import { EnvReader, withoutTrailingSlash, type Env } from './env.js';
import { loadKeys, type ReadFile } from './keys.js';
import { loadProducts } from './products.js';
import type { Config, Mode } from './types.js';
import { loadAllowedOrigins, loadNotifyAllowlist, loadPublicUrl, loadShopReturnUrl, loadTrustProxy } from './urls.js';

export type { Env } from './env.js';

/** Where the sandbox listens by default (`SANDBOX_PORT`, product.md). */
const SANDBOX_GATEWAY_DEFAULT = 'http://127.0.0.1:4100';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface LoadConfigOptions {
  /** Reads key files; tests replace it. */
  readFile?: ReadFile;
  /** The working directory (default `process.cwd()`); relative paths resolve from it, or from `INIT_CWD` under `pnpm run`. */
  cwd?: string;
}

function gatewayBase(env: EnvReader, mode: Mode): string | undefined {
  const raw = env.get('LIANLIAN_GATEWAY_URL') ?? (mode === 'sandbox' ? SANDBOX_GATEWAY_DEFAULT : undefined);
  const url = env.url('LIANLIAN_GATEWAY_URL', raw, { https: mode === 'live' });
  return url ? withoutTrailingSlash(url) : undefined;
}

/** Order query, refund and refund query endpoints (spec §6, §8 #8/#9), each overridable. */
function apiUrls(env: EnvReader, mode: Mode, base: string | undefined): Pick<Config, 'orderQueryUrl' | 'refundUrl' | 'refundQueryUrl'> {
  const pick = (name: string, path: string, host: string): string => {
    const url = env.url(name, env.get(name), { https: mode === 'live' });
    return url ? url.href : `${base ?? host}${path}`;
  };
  return {
    orderQueryUrl: pick('LIANLIAN_ORDER_QUERY_URL', '/orderquery.htm', 'https://queryapi.lianlianpay.com'),
    refundUrl: pick('LIANLIAN_REFUND_URL', '/refund.htm', 'https://traderapi.lianlianpay.com'),
    refundQueryUrl: pick('LIANLIAN_REFUND_QUERY_URL', '/refundquery.htm', 'https://queryapi.lianlianpay.com'),
  };
}

function secret(env: EnvReader, name: string, what: string): string | undefined {
  const value = env.get(name);
  if (value !== undefined && value.length < 16) {
    env.problem(name, `${what} of at least 16 characters`, 'It is too short to resist guessing; generate one with `openssl rand -hex 32`.');
  }
  return value;
}

function shopSettings(env: EnvReader) {
  const shopApiKey = secret(env, 'SHOP_API_KEY', 'a random bearer token');
  if (shopApiKey === undefined) {
    env.problem('SHOP_API_KEY', 'a random bearer token the shop backend sends', 'Generate one with `openssl rand -hex 32` and give it to the shop backend.');
  }
  const webhookUrl = env.url('SHOP_WEBHOOK_URL', env.get('SHOP_WEBHOOK_URL'), { https: false });
  const webhookSecret = secret(env, 'SHOP_WEBHOOK_SECRET', 'an HMAC secret');
  if ((env.get('SHOP_WEBHOOK_URL') === undefined) !== (webhookSecret === undefined)) {
    env.problem('SHOP_WEBHOOK_SECRET', 'both SHOP_WEBHOOK_URL and SHOP_WEBHOOK_SECRET, or neither', 'Webhooks are signed with HMAC-SHA256; one without the other cannot work.');
  }
  return {
    shopApiKey: shopApiKey ?? '',
    shopReturnUrl: loadShopReturnUrl(env),
    shopWebhookUrl: webhookUrl?.href,
    shopWebhookSecret: webhookSecret,
  };
}

/** A relative `sqlite:` path becomes absolute (from `env.baseDir`), so logs and errors name the real file. */
function databaseUrl(env: EnvReader): string {
  const value = env.get('DATABASE_URL') ?? 'sqlite:./data/lianlian-checkout.db';
  if (!/^sqlite:.+/.test(value) && !/^postgres(ql)?:\/\//.test(value)) {
    env.problem('DATABASE_URL', 'sqlite:<path> or postgres://user@host/db', `Default: sqlite:./data/lianlian-checkout.db (here: ${env.resolve('data/lianlian-checkout.db')}).`);
    return value;
  }
  const sqlite = /^sqlite:(?:\/\/)?([^?]+)(\?.*)?$/.exec(value);
  if (!sqlite || sqlite[1] === ':memory:') return value;
  return `sqlite:${env.resolve(sqlite[1] ?? '')}${sqlite[2] ?? ''}`;
}

/** REDIS_URL: where the rate limits are counted when several instances share them; undefined = memory. */
function redisUrl(env: EnvReader): string | undefined {
  const value = env.get('REDIS_URL');
  if (value === undefined) return undefined;
  if (!URL.canParse(value) || !['redis:', 'rediss:'].includes(new URL(value).protocol)) env.problem('REDIS_URL', 'redis://[[user]:password@]host[:port][/db] or rediss://… (TLS)', 'Leave it unset for one instance: the rate limits are then counted in memory.');
  return value;
}

function merchant(env: EnvReader, mode: Mode) {
  const oidPartner = env.required('LIANLIAN_OID_PARTNER', 'your 18-digit LianLian merchant id (oid_partner)', 'LianLian assigns it after onboarding (spec §1).');
  if (oidPartner !== undefined && !/^\d{18}$/.test(oidPartner)) {
    env.problem('LIANLIAN_OID_PARTNER', 'exactly 18 digits', 'Copy oid_partner from the merchant dashboard.');
  }
  const frms = env.get('LIANLIAN_FRMS_WARE_CATEGORY');
  if (frms !== undefined && !/^\d{4}$/.test(frms)) {
    env.problem('LIANLIAN_FRMS_WARE_CATEGORY', 'the 4-digit industry code LianLian assigned', 'It goes into every risk_item (spec §3.6); ask LianLian for it.');
  }
  const debugSignatures = env.flag('LIANLIAN_DEBUG_SIGNATURES');
  if (debugSignatures && mode === 'live') {
    env.problem('LIANLIAN_DEBUG_SIGNATURES', 'off in live mode', 'It logs canonical strings, which carry buyer data; use it in sandbox mode only.');
  }
  return {
    oidPartner: oidPartner ?? '',
    frmsWareCategory: frms,
    busiPartner: env.oneOf('LIANLIAN_BUSI_PARTNER', ['101001', '109001', '108001'] as const, '101001'),
    debugSignatures,
  };
}

/**
 * Reads and validates the whole configuration once, at startup. Every problem is collected and
 * thrown together as an `InvalidConfigError`; the result is frozen.
 */
export function loadConfig(source: Env, options: LoadConfigOptions = {}): Config {
  const env = new EnvReader(source, options.cwd);
  const mode = env.oneOf('LIANLIAN_MODE', ['sandbox', 'live'] as const, 'sandbox');
  const port = env.int('PORT', { min: 0, max: 65535, fallback: 4000 });
  const base = gatewayBase(env, mode);
  const keys = loadKeys(env, mode, options.readFile);
  const config: Config = {
    mode,
    ...merchant(env, mode),
    signer: keys?.signer as Config['signer'],
    verifier: keys?.verifier as Config['verifier'],
    merchantPublicKey: keys?.merchantPublicKey,
    lianlianPublicKeySource: keys?.lianlianPublicKeySource ?? 'configured',
    gatewayBaseUrl: base,
    ...apiUrls(env, mode, base),
    ...loadPublicUrl(env, mode, port),
    allowedOrigins: Object.freeze(loadAllowedOrigins(env, mode)),
    ...shopSettings(env),
    databaseUrl: databaseUrl(env),
    redisUrl: redisUrl(env),
    ledgerDataKeys: loadDataKeys(env, mode, options.readFile),
    port,
    host: env.get('HOST') ?? '0.0.0.0',
    trustProxy: loadTrustProxy(env),
    products: Object.freeze(loadProducts(env, mode, base)),
    checkoutTokenTtlSeconds: env.int('CHECKOUT_TOKEN_TTL_SECONDS', { min: 60, max: 7 * 86400, fallback: 3600 }),
    notifyIpAllowlist: Object.freeze(loadNotifyAllowlist(env)),
    notifyAckMessage: env.oneOf('LIANLIAN_NOTIFY_ACK_MESSAGE', ['交易成功', 'ok'] as const, '交易成功'),
    logLevel: env.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    logFlushMs: env.int('LOG_FLUSH_MS', { min: 0, max: 60_000, fallback: 1000 }),
    // Per address: buyers behind one carrier-grade NAT share it, so the default is generous.
    rateLimitPerMinute: env.int('RATE_LIMIT_PER_MINUTE', { min: 1, max: 100_000, fallback: 300 }),
    // Buyers' returns and, unless LIANLIAN_NOTIFY_IP_ALLOWLIST exempts them, LianLian's notifications.
    lianlianRateLimitPerMinute: env.int('LIANLIAN_RATE_LIMIT_PER_MINUTE', { min: 1, max: 100_000, fallback: 300 }),
    // Longer than a webhook request's 10 s timeout, so a slow shop never gets one event from two instances at once.
    workerLeaseSeconds: env.int('WORKER_LEASE_SECONDS', { min: 15, max: 3600, fallback: 60 }),
    shutdownTimeoutMs: env.int('SHUTDOWN_TIMEOUT_MS', { min: 0, max: 600_000, fallback: 10_000 }),
  };
  if (env.problems.length > 0 || !keys) throw new InvalidConfigError(env.problems);
  return Object.freeze(config);
}
