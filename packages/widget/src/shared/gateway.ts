import { LianLianError } from './errors.js';

/**
 * LianLian's own gateway origins (lianlian-api.md §3 and §9 items 2–3: web cashier, aggregate web,
 * H5, and the old yintong.com.cn brand). The signed form may only be posted to one of these or to an
 * origin the page adds with `gateway-origins` (the sandbox).
 */
export const LIANLIAN_GATEWAY_ORIGINS: readonly string[] = [
  'https://payment.lianlianpay.com',
  'https://cashier.lianlianpay.com',
  'https://wallet.lianlianpay.com',
  'https://wap.lianlianpay.com',
  'https://yintong.com.cn',
  'https://www.yintong.com.cn',
];

/** Parses a space- or comma-separated list of origins; anything that is not an http(s) origin is an error. */
export function parseOrigins(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .map((entry) => {
      const origin = parseUrl(entry)?.origin;
      if (origin === undefined || origin !== entry.replace(/\/$/, '')) {
        throw new LianLianError({
          code: 'invalid_config',
          detail: `gateway-origins: "${entry}" is not scheme://host[:port].`,
        });
      }
      return origin;
    });
}

/** Throws `gateway_not_allowed` unless `action` is an absolute URL on an allowed gateway origin. */
export function assertGatewayAllowed(action: string, extraOrigins: readonly string[]): void {
  const origin = parseUrl(action)?.origin;
  if (origin !== undefined && (LIANLIAN_GATEWAY_ORIGINS.includes(origin) || extraOrigins.includes(origin))) return;
  throw new LianLianError({
    code: 'gateway_not_allowed',
    detail: `${action} is not a LianLian gateway (a sandbox? add it to gateway-origins).`,
  });
}

/** `URL.parse` without needing a 2024 browser. */
function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
