/**
 * The canonical source string LianLian signs (spec §2.1): every field but `sign`, empty values
 * dropped, keys sorted, `k=v` joined with `&`, values raw (no URL-encoding, no trimming here).
 *
 * LianLian's own code has two rules for the literal string "null" (spec §8 #12, §9): its 2023 Java
 * demo and both PHP versions keep it like any other value, its 2013/2018 Java `LLPayUtil` drops it
 * in any case. `canonicalString` is the first (and what the kit signs: it never sends "null"),
 * `canonicalStringWithoutNullValues` the second.
 */
export type FieldValue = string | number | null | undefined;
export type Fields = Readonly<Record<string, FieldValue>>;

export interface CanonicalOptions {
  /** Fields that are received but not covered by LianLian's signature (spec §6.1: `bank_name`, …). */
  exclude?: readonly string[];
}

/** Whether `value` is the literal string "null" in any case, which LianLian's 2013/2018 rule drops. */
export function isNullString(value: FieldValue): boolean {
  return value !== null && value !== undefined && String(value).toLowerCase() === 'null';
}

/** Case-insensitive key order, as LianLian's Java code (`CASE_INSENSITIVE_ORDER`) sorts. */
export function compareKeys(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** LianLian's 2023 rule: `null`, `undefined` and `''` are left out; "null" is a value like any other. */
export function canonicalString(fields: Fields, options: CanonicalOptions = {}): string {
  return build(fields, options, (v) => v === null || v === undefined || String(v) === '');
}

/** LianLian's 2013/2018 rule (`LLPayUtil`): as `canonicalString`, and the string "null" in any case is left out too. */
export function canonicalStringWithoutNullValues(fields: Fields, options: CanonicalOptions = {}): string {
  return build(fields, options, (v) => v === null || v === undefined || String(v) === '' || isNullString(v));
}

function build(fields: Fields, options: CanonicalOptions, isDropped: (value: FieldValue) => boolean): string {
  const exclude = options.exclude ?? [];
  const keys = Object.keys(fields).filter((k) => k !== 'sign' && !exclude.includes(k) && !isDropped(fields[k])).sort(compareKeys);
  return keys.map((k) => `${k}=${String(fields[k])}`).join('&');
}
