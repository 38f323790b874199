import { canonicalString, PLAIN_FIELDS, RISK_ITEM_PLAIN_KEYS, SignatureError, verifyFields, type CanonicalOptions } from '@lianlian-checkout/protocol';
import type { PaymentsDeps } from './deps.js';

/**
 * The canonical string for LIANLIAN_DEBUG_SIGNATURES with buyer data masked: the same fields in the
 * same order as the string that was signed or verified, so a mismatch can still be traced (a field
 * missing, added, reordered, empty, or of another length), but every value that may be personal is
 * replaced by its length. Deny by default: only fields known to carry no personal data
 * (`PLAIN_FIELDS`) are shown, and inside `risk_item` only the keys in `RISK_ITEM_PLAIN_KEYS`.
 */
const mask = (value: string): string => `[${value.length} chars]`;

function maskRisk(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => maskRisk(item, undefined));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskRisk(v, k)]));
  }
  if (key !== undefined && RISK_ITEM_PLAIN_KEYS.has(key)) return value;
  return mask(typeof value === 'string' ? value : JSON.stringify(value));
}

function maskedRiskItem(text: string): string {
  try {
    return JSON.stringify(maskRisk(JSON.parse(text), undefined));
  } catch {
    return mask(text); // not JSON: nothing of it can be shown safely
  }
}

export function maskedCanonical(fields: Readonly<Record<string, string>>, options: CanonicalOptions = {}): string {
  const masked: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    // Empty values are dropped from the canonical string, and "null" is no buyer data: nothing to mask.
    if (PLAIN_FIELDS.has(k) || v === '' || v.toLowerCase() === 'null') masked[k] = v;
    else masked[k] = k === 'risk_item' ? maskedRiskItem(v) : mask(v);
  }
  return canonicalString(masked, options);
}

/**
 * `verifyFields` with the configured key; resolves to the fields the signature covers (a "null"
 * LianLian left unsigned is not among them, spec §8 #12). When it fails and
 * LIANLIAN_DEBUG_SIGNATURES is on, the masked canonical string is logged at debug level (never the
 * error's own `sourceString`).
 */
export function verifyLogged(deps: Pick<PaymentsDeps, 'config' | 'logger'>, fields: Record<string, string>, what: { name: string; exclude?: readonly string[] }): Record<string, string> {
  const exclude = what.exclude === undefined ? {} : { exclude: what.exclude };
  try {
    const verified = verifyFields(fields, deps.config.verifier, { ...exclude, debug: deps.config.debugSignatures });
    if (verified.nullRule === 'dropped') deps.logger.info({ no_order: fields.no_order }, `${what.name} verified under LianLian's 2013/2018 "null" rule`);
    return verified.fields;
  } catch (error) {
    if (error instanceof SignatureError && error.sourceString !== undefined) {
      deps.logger.debug({ canonical: maskedCanonical(fields, exclude) }, `${what.name} canonical string (LIANLIAN_DEBUG_SIGNATURES, personal values masked)`);
    }
    throw error;
  }
}
