import { parseAmount, PRODUCT_SPECS, PRODUCTS, KitError, type Fen, type Product } from '@lianlian-checkout/protocol';
import type { EnvReader } from './env.js';
import type { CustomerLimits, Mode, ProductConfig } from './types.js';

/** LianLian's default per-customer limits before go-live (spec §1): 50 CNY each. */
export const PRE_GO_LIVE_LIMIT_FEN: Fen = 5000;

const LIMIT_KINDS = [
  ['PER_TRANSACTION', 'perTransactionFen'],
  ['PER_DAY', 'perDayFen'],
  ['PER_MONTH', 'perMonthFen'],
] as const;

function productList(env: EnvReader, name: string, fallback: readonly Product[]): Product[] {
  const list = env.list(name);
  if (list === undefined) return [...fallback];
  const unknown = list.filter((p) => !(PRODUCTS as readonly string[]).includes(p));
  if (unknown.length > 0) {
    env.problem(name, `a comma-separated list of ${PRODUCTS.join(', ')}`, `${unknown.length} entry(ies) are not product names.`);
  }
  return list.filter((p): p is Product => (PRODUCTS as readonly string[]).includes(p));
}

function amount(env: EnvReader, name: string): Fen | undefined {
  const value = env.get(name);
  if (value === undefined) return undefined;
  try {
    return parseAmount(value);
  } catch (e) {
    if (!(e instanceof KitError)) throw e;
    env.problem(name, 'a CNY amount with two decimals, e.g. "50.00"', e.message);
    return undefined;
  }
}

function limitsFor(env: EnvReader, product: Product): CustomerLimits {
  const upper = product.toUpperCase();
  const limits: CustomerLimits = { perTransactionFen: PRE_GO_LIVE_LIMIT_FEN, perDayFen: PRE_GO_LIVE_LIMIT_FEN, perMonthFen: PRE_GO_LIVE_LIMIT_FEN };
  for (const [suffix, key] of LIMIT_KINDS) {
    const value = amount(env, `LIANLIAN_${upper}_LIMIT_${suffix}`) ?? amount(env, `LIANLIAN_LIMIT_${suffix}`);
    if (value !== undefined) limits[key] = value;
  }
  return Object.freeze(limits);
}

function gatewayFor(env: EnvReader, product: Product, mode: Mode, base: string | undefined): string {
  const name = `LIANLIAN_${product.toUpperCase()}_GATEWAY_URL`;
  const spec = PRODUCT_SPECS[product];
  const url = env.url(name, env.get(name), { https: mode === 'live' });
  if (url) return url.href;
  return base === undefined ? spec.defaultUrl : `${base}${spec.path}`;
}

function versionFor(env: EnvReader, product: Product): string {
  const name = `LIANLIAN_${product.toUpperCase()}_VERSION`;
  const value = env.get(name);
  if (value === undefined) return PRODUCT_SPECS[product].version;
  const versions = PRODUCT_SPECS[product].versions;
  if (versions.includes(value)) return value;
  env.problem(name, `one of ${versions.map((v) => `"${v}"`).join(', ')} for ${product}`, `Default: "${PRODUCT_SPECS[product].version}" (spec §3, §8 #4/#7).`);
  return PRODUCT_SPECS[product].version;
}

/** Per-product access, go-live state, endpoint, version and pre-go-live limits (spec §1, §3). */
export function loadProducts(env: EnvReader, mode: Mode, gatewayBase: string | undefined): Record<Product, ProductConfig> {
  const enabled = productList(env, 'LIANLIAN_PRODUCTS', ['web']);
  const live = productList(env, 'LIANLIAN_LIVE_PRODUCTS', []);
  const notEnabled = live.filter((p) => !enabled.includes(p));
  if (notEnabled.length > 0) {
    env.problem('LIANLIAN_LIVE_PRODUCTS', 'products that are also in LIANLIAN_PRODUCTS', `${notEnabled.join(', ')} is marked live but not enabled.`);
  }
  if (enabled.length === 0) {
    env.problem('LIANLIAN_PRODUCTS', 'at least one product', 'Without one, every checkout is refused. Default: web.');
  }
  const out = {} as Record<Product, ProductConfig>;
  for (const product of PRODUCTS) {
    out[product] = Object.freeze({
      product,
      enabled: enabled.includes(product),
      live: live.includes(product),
      gatewayUrl: gatewayFor(env, product, mode, gatewayBase),
      version: versionFor(env, product),
      limits: limitsFor(env, product),
    });
  }
  return out;
}
