import { beijingTimestamp, formatAmount, keyBits, KitError } from '@lianlian-checkout/protocol';
import { InvalidConfigError } from '../errors.js';
import { openLedger } from '../ledger/index.js';
import { loadConfig, type Env } from '../config/load.js';
import type { Config } from '../config/types.js';
import type { Check, DoctorReport } from './doctor-report.js';
import { contractGateway, goLiveChecklist } from './go-live.js';

/**
 * `lianlian-checkout doctor`: loads the configuration exactly as the server does and reports, item
 * by item, OK or what to fix; then the go-live checklist per product. Network checks (notify
 * route, LianLian's clock) can be skipped with `offline`.
 */
export interface DoctorOptions {
  env: Env;
  fetch: typeof fetch;
  now: () => Date;
  offline?: boolean;
  /** Also open the ledger and ping it (default true). */
  checkDatabase?: boolean;
}

const TIMEOUT_MS = 5000;
/** LianLian refuses a `timestamp` more than 30 minutes off its clock (spec §1); warn well before. */
const MAX_SKEW_MS = 5 * 60_000;

function keyChecks(config: Config): Check[] {
  const out: Check[] = [];
  if (config.signer.signType === 'MD5') {
    out.push({ status: 'note', item: 'signature', detail: 'LIANLIAN_SIGN_TYPE=MD5: only if LianLian enabled MD5 for your merchant; RSA is the documented default.' });
    return out;
  }
  out.push({ status: 'ok', item: 'merchant private key', detail: `parses: ${keyBits(config.signer.privateKey)}-bit RSA, MD5withRSA signing.` });
  out.push(config.merchantPublicKey
    ? { status: 'ok', item: 'key pair', detail: 'LIANLIAN_PRIVATE_KEY and LIANLIAN_MERCHANT_PUBLIC_KEY form a pair.' }
    : { status: 'note', item: 'key pair', detail: 'Set LIANLIAN_MERCHANT_PUBLIC_KEY(_FILE) to the key you uploaded to LianLian so doctor can check the pair.' });
  const source = {
    configured: config.mode === 'live' ? "configured (the copy from your dashboard)" : "configured (in sandbox mode: the sandbox's key)",
    published: "LianLian's published key (live-mode default, spec §1)",
    md5: 'MD5 key',
  }[config.lianlianPublicKeySource];
  out.push({ status: 'ok', item: `LianLian public key (${config.mode} mode)`, detail: source });
  return out;
}

function dataKeyCheck(config: Config): Check {
  const keys = config.ledgerDataKeys;
  if (!keys) {
    return { status: 'note', item: 'LEDGER_DATA_KEY', detail: "not set: buyers' personal data is stored in clear (sandbox mode only; live mode requires it). Generate one with: echo \"k1:$(openssl rand -base64 32)\"" };
  }
  const [current, ...older] = keys.map((k) => `"${k.id}"`);
  const others = older.length > 0 ? `; ${older.join(', ')} still open older rows (run \`lianlian-checkout reseal\`, then remove them)` : '';
  return { status: 'ok', item: 'LEDGER_DATA_KEY', detail: `${keys.length} AES-256 key(s), ids unique; personal data is sealed with ${current ?? ''}${others}.` };
}

function urlChecks(config: Config): Check[] {
  const https = config.publicUrl.startsWith('https:');
  const local = config.allowedOrigins.filter((o) => /\/\/(localhost|127\.|\[::1\])/.test(o));
  return [
    https || config.mode === 'sandbox'
      ? { status: 'ok', item: 'PUBLIC_URL', detail: `${config.publicUrl} → notify_url ${config.notifyUrl}` }
      : { status: 'fix', item: 'PUBLIC_URL', detail: 'must be https in live mode.' },
    config.mode === 'live' && local.length > 0
      ? { status: 'fix', item: 'ALLOWED_ORIGINS', detail: `${local.join(', ')} cannot be whitelisted at LianLian; list your shop's public origin.` }
      : { status: 'ok', item: 'ALLOWED_ORIGINS', detail: `origins: ${config.allowedOrigins.join(', ')} (each must be registered at LianLian as a request source).` },
  ];
}

async function probe(fetchFn: typeof fetch, url: string, init: RequestInit): Promise<Response | Error> {
  try {
    return await fetchFn(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

async function networkChecks(config: Config, options: DoctorOptions): Promise<Check[]> {
  const notify = await probe(options.fetch, config.notifyUrl, { method: 'POST', headers: { 'content-type': 'text/json;charset=utf-8' }, body: '{}' });
  const out: Check[] = [notify instanceof Error
    ? { status: 'fix', item: 'notify route', detail: `${config.notifyUrl} did not answer (${notify.message}). ${config.mode === 'live' ? 'LianLian must reach it from the internet' : 'The sandbox must reach it'}; is the server running behind PUBLIC_URL?` }
    : { status: 'ok', item: 'notify route', detail: `${config.notifyUrl} answers (HTTP ${notify.status}).` }];
  if (config.mode === 'sandbox') out.push(await sandboxKeyCheck(config, options));
  const gateway = new URL(config.products.web.gatewayUrl).origin;
  const head = await probe(options.fetch, gateway, { method: 'HEAD' });
  const date = head instanceof Error ? null : head.headers.get('date');
  if (date === null) {
    out.push({ status: 'note', item: 'clock', detail: `Beijing time here: ${beijingTimestamp(options.now())}. ${gateway} gave no Date header to compare with; keep NTP on (±30 min allowed).` });
  } else {
    const skew = Math.abs(Date.parse(date) - options.now().getTime());
    out.push({ status: skew > MAX_SKEW_MS ? 'fix' : 'ok', item: 'clock', detail: `Beijing time here: ${beijingTimestamp(options.now())}; ${Math.round(skew / 1000)} s from ${gateway}'s clock (LianLian allows 30 min).` });
  }
  return out;
}

function productChecks(config: Config): Check[] {
  return Object.values(config.products).filter((p) => p.enabled).map((p) => ({
    status: 'ok' as const,
    item: `product ${p.product}`,
    detail: p.live
      ? `enabled, live (no pre-go-live limits); posts to ${p.gatewayUrl}, version ${p.version}.`
      : `enabled, under the pre-go-live limits ${formatAmount(p.limits.perTransactionFen)}/${formatAmount(p.limits.perDayFen)}/${formatAmount(p.limits.perMonthFen)} CNY (transaction/day/month); posts to ${p.gatewayUrl}, version ${p.version}.`,
  }));
}

/** Product access is per gateway (spec §1); H5 has two cashiers in real use (§3.4, §9). */
function gatewayChecks(config: Config): Check[] {
  const enabled = Object.values(config.products).filter((p) => p.enabled);
  const out: Check[] = [{
    status: 'note',
    item: 'gateways',
    detail: `confirm with LianLian that your contract covers each gateway you post to: ${enabled.map((p) => `${p.product} ${contractGateway(config, p)}`).join(', ')}. ` +
      'H5 has two cashiers in real use: Easy Pay H5 (travlepay.htm, product h5) and the quick-pay cashier (payment.htm, product h5_quickpay). ' +
      "bankgateway.htm (web) is LianLian's Express Pay cashier: ask which pay_type codes are enabled (1/8/9 online banking, 2/3 quick pay, D verified).",
  }];
  if (config.products.h5.enabled && new URL(config.products.h5.gatewayUrl).pathname.endsWith('/payment.htm')) {
    out.push({
      status: 'note',
      item: 'product h5',
      detail: 'LIANLIAN_H5_GATEWAY_URL points at payment.htm, the quick-pay cashier: enable the h5_quickpay product for it instead, which sends that cashier\'s own fields (no timestamp, version 1.2).',
    });
  }
  return out;
}

async function databaseCheck(config: Config): Promise<Check> {
  try {
    const ledger = await openLedger(config.databaseUrl, { dataKeys: config.ledgerDataKeys });
    await ledger.ping();
    await ledger.close();
    return { status: 'ok', item: 'database', detail: `${config.databaseUrl.replace(/\/\/[^@/]*@/, '//…@')} answers and is migrated; its sealed data matches LEDGER_DATA_KEY.` };
  } catch (error) {
    if (error instanceof KitError && error.code === 'ledger_data_key_mismatch') return { status: 'fix', item: 'LEDGER_DATA_KEY', detail: error.message };
    return { status: 'fix', item: 'database', detail: `DATABASE_URL does not open: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Sandbox mode: the sandbox publishes its key (`GET /__sandbox/public-key`). A configured key that is
 * not that one passes every local check, and then every notification fails verification.
 */
async function sandboxKeyCheck(config: Config, options: DoctorOptions): Promise<Check> {
  if (config.verifier.signType !== 'RSA') return { status: 'note', item: 'sandbox key', detail: 'LIANLIAN_SIGN_TYPE=MD5: no public key to compare.' };
  const base = config.gatewayBaseUrl ?? new URL(config.products.web.gatewayUrl).origin;
  const url = `${base}/__sandbox/public-key`;
  const answer = await probe(options.fetch, url, { method: 'GET' });
  let published: string | undefined;
  if (!(answer instanceof Error) && answer.ok) {
    published = ((await answer.json().catch(() => ({}))) as { base64?: unknown }).base64 as string | undefined;
  }
  if (typeof published !== 'string') {
    return { status: 'fix', item: 'sandbox key', detail: `${url} did not give the sandbox's public key (${answer instanceof Error ? answer.message : `HTTP ${answer.status}`}). Is the sandbox running at LIANLIAN_GATEWAY_URL?` };
  }
  const configured = config.verifier.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return configured === published
    ? { status: 'ok', item: 'sandbox key', detail: `LIANLIAN_PUBLIC_KEY matches the sandbox's key (${url}).` }
    : { status: 'fix', item: 'sandbox key', detail: `LIANLIAN_PUBLIC_KEY is not the sandbox's key, so every notification and return would fail verification. Fetch it: curl -fsS ${base}/__sandbox/public-key.pem -o lianlian-public.pem and set LIANLIAN_PUBLIC_KEY_FILE=lianlian-public.pem.` };
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  let config: Config;
  try {
    config = loadConfig(options.env);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    return { checks: error.problems.map((p) => ({ status: 'fix', item: p.name, detail: `expected ${p.expected}. ${p.hint}` })), checklist: [] };
  }
  const checks = [{ status: 'ok' as const, item: 'configuration', detail: `loads (${config.mode} mode, merchant ${config.oidPartner}).` }, ...keyChecks(config), dataKeyCheck(config), ...urlChecks(config)];
  if (options.offline) checks.push({ status: 'note', item: 'network', detail: `offline: notify route and LianLian's clock not checked. Beijing time here: ${beijingTimestamp(options.now())}.` });
  else checks.push(...(await networkChecks(config, options)));
  if (options.checkDatabase ?? true) checks.push(await databaseCheck(config));
  checks.push(...productChecks(config), ...gatewayChecks(config));
  return { checks, checklist: goLiveChecklist(config) };
}
