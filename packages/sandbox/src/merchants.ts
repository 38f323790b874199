import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { exportPublicKey, parsePublicKey } from './crypto/keys.js';
import { SandboxConfigError } from './errors.js';
import { isProduct, PRODUCTS, type Product } from './lianlian/products.js';

/** A merchant as configured through options, `SANDBOX_MERCHANTS_FILE` or the control API. */
export interface MerchantInput {
  oid_partner: string;
  public_key?: string;
  public_key_file?: string;
  md5_key?: string;
  products: Product[];
  /** Whitelisted source origins, e.g. `http://127.0.0.1:3000`; `*` accepts any origin. */
  domains: string[];
  live?: Partial<Record<Product, boolean>>;
}

export interface Merchant {
  readonly oidPartner: string;
  readonly publicKey: KeyObject;
  readonly md5Key: string | undefined;
  readonly products: ReadonlySet<Product>;
  readonly domains: readonly string[];
  /** Products past go-live; the others keep LianLian's 50 CNY default limits (spec §1). */
  readonly live: ReadonlySet<Product>;
}

const problem = (msg: string): SandboxConfigError => new SandboxConfigError('merchant_invalid', msg);

function readKeyText(input: Record<string, unknown>, label: string): string {
  if (typeof input.public_key === 'string' && input.public_key.trim() !== '') return input.public_key;
  if (typeof input.public_key_file === 'string') {
    try {
      return readFileSync(input.public_key_file, 'utf8');
    } catch (cause) {
      throw new SandboxConfigError('merchant_invalid', `${label}: cannot read public_key_file ${input.public_key_file}.`, { cause });
    }
  }
  throw problem(`${label}: give "public_key" (PEM or bare base64 SPKI) or "public_key_file".`);
}

function parseOrigin(value: unknown, label: string): string {
  if (value === '*') return '*';
  try {
    if (typeof value !== 'string') throw new Error('not a string');
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    return url.origin;
  } catch {
    throw problem(`${label}: domain ${JSON.stringify(value)} is not an http(s) origin such as "http://127.0.0.1:3000".`);
  }
}

/** Parses untrusted JSON into a merchant; reports what is wrong and how to fix it. */
export function parseMerchant(input: unknown): Merchant {
  if (typeof input !== 'object' || input === null) throw problem('A merchant must be a JSON object.');
  const o = input as Record<string, unknown>;
  if (typeof o.oid_partner !== 'string' || !/^\d{18}$/.test(o.oid_partner)) {
    throw problem('oid_partner must be LianLian\'s 18-digit merchant id as a string, e.g. "201408071000001539".');
  }
  const label = `merchant ${o.oid_partner}`;
  if (!Array.isArray(o.products) || !o.products.every(isProduct)) {
    throw problem(`${label}: products must be an array of ${PRODUCTS.join(', ')}.`);
  }
  if (!Array.isArray(o.domains)) throw problem(`${label}: domains must be an array of whitelisted origins.`);
  if (o.md5_key !== undefined && (typeof o.md5_key !== 'string' || o.md5_key === '')) {
    throw problem(`${label}: md5_key must be a non-empty string when given.`);
  }
  const live = typeof o.live === 'object' && o.live !== null ? (o.live as Record<string, unknown>) : {};
  return {
    oidPartner: o.oid_partner,
    publicKey: parsePublicKey(readKeyText(o, label), `${label} public_key`),
    md5Key: o.md5_key,
    products: new Set(o.products),
    domains: o.domains.map((d) => parseOrigin(d, label)),
    live: new Set(PRODUCTS.filter((p) => live[p] === true)),
  };
}

/** The control API's view: no MD5 key (a merchant secret), the public key as PEM. */
export function describeMerchant(m: Merchant): Record<string, unknown> {
  return {
    oid_partner: m.oidPartner,
    public_key: exportPublicKey(m.publicKey).pem,
    md5_key_set: m.md5Key !== undefined,
    products: [...m.products],
    domains: [...m.domains],
    live: Object.fromEntries(PRODUCTS.map((p) => [p, m.live.has(p)])),
  };
}
