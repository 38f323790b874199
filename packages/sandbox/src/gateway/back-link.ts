import type { SandboxContext } from '../context.js';
import type { Order } from '../store.js';

const httpOrigin = (value: string | undefined): string | undefined => {
  if (value === undefined || value === '') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
};

const httpUrl = (value: string | undefined): string | undefined => (httpOrigin(value) === undefined ? undefined : value);

/**
 * Where 返回商户 / Back to merchant leads from a result page: the merchant's own `back_url`
 * (web, Easy Pay, H5) or `url_order` (web, aggregate, Easy Pay), as LianLian's cashier does;
 * else the shop's origin, from the Origin/Referer of the request that opened the order; else the
 * origin of `url_return`. Undefined when none of them is known.
 */
export function merchantLink(ctx: Pick<SandboxContext, 'store'>, order: Order): string | undefined {
  const own = httpUrl(order.fields.back_url) ?? httpUrl(order.fields.url_order);
  if (own !== undefined) return own;
  const opened = ctx.store.requests.findLast(
    (r) => r.no_order === order.noOrder && r.oid_partner === order.oidPartner && r.ret_code === '0000' && httpOrigin(r.origin) !== undefined,
  );
  const origin = httpOrigin(opened?.origin) ?? httpOrigin(order.fields.url_return);
  return origin === undefined ? undefined : `${origin}/`;
}
