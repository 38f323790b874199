import { ValidationError, type FieldViolation } from './errors.js';

const MAX_DEPTH = 16;

/**
 * The exact `risk_item` string to sign and send (spec §2.1 "Nested JSON", §3.6): compact JSON, keys
 * in insertion order, no whitespace. LianLian signs the string it receives, so the kit sends a
 * string it built once and never an object that something could re-serialise differently.
 *
 * Accepts a plain object whose values are strings, finite numbers, booleans, or (for the industry
 * blocks such as `airline_list`) nested plain objects and arrays of those. Everything else
 * (functions, undefined, null, Dates, NaN, class instances, cycles) is reported at once in a
 * `ValidationError` whose violation fields are paths such as `risk_item.airline_list[0].dt`.
 *
 * JavaScript itself puts integer-like keys ("1", "20") first in any object; LianLian's keys are
 * never integer-like, and since the string is signed as built, order never affects the signature.
 */
export function buildRiskItem(obj: unknown): string {
  const violations: FieldViolation[] = [];
  if (!isPlainObject(obj)) {
    violations.push({ field: 'risk_item', rule: 'format', message: `must be a plain object such as { frms_ware_category: "1009", … }; got ${describe(obj)}.` });
  } else {
    walk(obj, 'risk_item', new Set(), violations);
  }
  if (violations.length > 0) {
    throw new ValidationError(
      violations,
      `risk_item cannot be serialised exactly: ${violations.map((v) => `${v.field} ${v.message}`).join('; ')}`,
    );
  }
  return JSON.stringify(obj);
}

function walk(value: object, path: string, seen: Set<object>, out: FieldViolation[]): void {
  if (seen.has(value)) {
    out.push({ field: path, rule: 'format', message: 'refers back to itself; a risk item must be a tree.' });
    return;
  }
  if (seen.size >= MAX_DEPTH) {
    out.push({ field: path, rule: 'format', message: `is nested deeper than ${MAX_DEPTH} levels.` });
    return;
  }
  seen.add(value);
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v: unknown, i) => [`${path}[${i}]`, v])
    : Object.entries(value).map(([k, v]) => [`${path}.${k}`, v]);
  for (const [childPath, child] of entries) checkValue(child, childPath, seen, out);
  seen.delete(value);
}

function checkValue(value: unknown, path: string, seen: Set<object>, out: FieldViolation[]): void {
  if (typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push({ field: path, rule: 'format', message: `is ${String(value)}; JSON has no such number. Send a finite number or a string.` });
    return;
  }
  if (Array.isArray(value) || isPlainObject(value)) {
    walk(value, path, seen, out);
    return;
  }
  const hint = value instanceof Date ? ' Format dates with beijingTimestamp() (yyyyMMddHHmmss).' : ' Omit the key or send a string.';
  out.push({ field: path, rule: 'format', message: `is ${describe(value)}, which JSON cannot carry exactly.${hint}` });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return name ? `a ${name}` : 'an object';
  }
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}
