import { isIP } from 'node:net';
import { withoutTrailingSlash, type EnvReader } from './env.js';
import type { Mode } from './types.js';

/** LianLian's notify source addresses as published in 2019 (spec §5); `lianlian` in the allowlist expands to these. */
export const LIANLIAN_NOTIFY_IPS = [
  '115.236.102.36', '101.71.136.20', '112.17.38.116', '115.238.30.68', '218.4.207.155',
  '218.4.207.156', '112.80.55.210', '112.80.55.211', '223.112.79.242', '223.112.79.243',
];

/** LianLian's field limit for `notify_url` and `url_return` (String(128), spec §3.1). */
const MAX_CALLBACK_URL = 128;

export interface PublicUrls {
  publicUrl: string;
  notifyUrl: string;
  returnUrl: string;
}

/** PUBLIC_URL → notify_url and url_return (https in live mode, no query string: spec §3). */
export function loadPublicUrl(env: EnvReader, mode: Mode, port: number): PublicUrls {
  const raw = env.get('PUBLIC_URL') ?? (mode === 'sandbox' ? `http://127.0.0.1:${port}` : undefined);
  if (raw === undefined) {
    env.problem('PUBLIC_URL', 'the https base URL LianLian and buyers reach this server at', 'Live mode has no default; notify_url and url_return are built from it.');
  }
  const url = env.url('PUBLIC_URL', raw, { https: mode === 'live' });
  if (!url) return { publicUrl: '', notifyUrl: '', returnUrl: '' };
  if (url.search !== '' || url.hash !== '') {
    env.problem('PUBLIC_URL', 'a base URL without query string or fragment', "LianLian's demos warn against query strings in notify_url (spec §3).");
  }
  const publicUrl = withoutTrailingSlash(new URL(url.origin + url.pathname));
  const urls = { publicUrl, notifyUrl: `${publicUrl}/lianlian/notify`, returnUrl: `${publicUrl}/lianlian/return` };
  if (urls.notifyUrl.length > MAX_CALLBACK_URL) {
    env.problem('PUBLIC_URL', `a URL short enough that ${urls.notifyUrl.length} ≤ ${MAX_CALLBACK_URL} characters for notify_url`, 'LianLian limits notify_url to 128 characters.');
  }
  return urls;
}

/** ALLOWED_ORIGINS: exact origins (scheme://host[:port]); the domains whitelisted at LianLian. */
export function loadAllowedOrigins(env: EnvReader, mode: Mode): string[] {
  const list = env.list('ALLOWED_ORIGINS');
  if (list === undefined || list.length === 0) {
    env.problem('ALLOWED_ORIGINS', 'comma-separated shop origins, e.g. https://shop.example', 'The checkout API answers only these origins; list the domain(s) registered at LianLian.');
    return [];
  }
  const out: string[] = [];
  for (const entry of list) {
    let origin: string | undefined;
    try {
      const u = new URL(entry);
      origin = u.origin !== 'null' && entry.replace(/\/$/, '') === u.origin ? u.origin : undefined;
    } catch {
      origin = undefined;
    }
    if (origin === undefined) {
      env.problem('ALLOWED_ORIGINS', 'origins only: scheme://host[:port], no path or wildcard', `"${entry.slice(0, 60)}" is not an origin.`);
    } else if (mode === 'live' && !origin.startsWith('https:')) {
      env.problem('ALLOWED_ORIGINS', 'https origins in live mode', `${origin} is not https.`);
    } else {
      out.push(origin);
    }
  }
  return out;
}

/** SHOP_RETURN_URL: absolute URL, `{no_order}` and `{status}` filled in later. */
export function loadShopReturnUrl(env: EnvReader): string {
  const raw = env.required('SHOP_RETURN_URL', 'the shop page buyers land on after paying, e.g. https://shop.example/orders/{no_order}', '`{no_order}` and `{status}` are filled in.');
  if (raw === undefined) return '';
  const probe = raw.replaceAll('{no_order}', 'x').replaceAll('{status}', 'x');
  return env.url('SHOP_RETURN_URL', probe, { https: false }) ? raw : '';
}

/** LIANLIAN_NOTIFY_IP_ALLOWLIST: IPs, or `lianlian` for the published list; undefined = off. */
export function loadNotifyAllowlist(env: EnvReader): string[] | undefined {
  const list = env.list('LIANLIAN_NOTIFY_IP_ALLOWLIST');
  if (list === undefined) return undefined;
  const out = list.flatMap((ip) => (ip === 'lianlian' ? LIANLIAN_NOTIFY_IPS : [ip]));
  if (out.some((ip) => isIP(ip) === 0)) {
    env.problem('LIANLIAN_NOTIFY_IP_ALLOWLIST', 'comma-separated IP addresses, or "lianlian" for the published list', 'The signature is the real check; the allowlist is optional (spec §5).');
  }
  return out;
}

/** TRUST_PROXY: Express `trust proxy` (false, true, a hop count, or addresses/subnets/names). */
export function loadTrustProxy(env: EnvReader): boolean | number | string {
  const value = env.get('TRUST_PROXY');
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  if (/^[0-9a-fA-F.:/,\s a-z]+$/.test(value)) return value;
  env.problem('TRUST_PROXY', 'false, true, a number of hops, or proxy addresses/subnets (loopback, 10.0.0.0/8, …)', 'It decides which address is the buyer\'s userreq_ip; set it to your proxy.');
  return false;
}
