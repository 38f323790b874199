/**
 * The canonical source string LianLian signs (spec §2.1): every field but `sign`, empty values
 * dropped, keys sorted, `k=v` joined with `&`, values raw (no URL-encoding, no trimming here).
 */
export type FieldValue = string | number | null | undefined;
export type Fields = Readonly<Record<string, FieldValue>>;

export interface CanonicalOptions {
  /**
   * Also drop the literal string "null" (any case), as LianLian's 2013 Java demo does (spec §8 #12).
   * The kit never sends "null", so this only matters when verifying what someone else built.
   * Default `true`.
   */
  dropNullString?: boolean;
  /** Fields that are received but not covered by LianLian's signature (spec §6.1: `bank_name`, …). */
  exclude?: readonly string[];
}

function isDropped(value: FieldValue, dropNullString: boolean): boolean {
  if (value === null || value === undefined) return true;
  const s = String(value);
  return s === '' || (dropNullString && s.toLowerCase() === 'null');
}

/** Case-insensitive key order, as LianLian's Java code (`CASE_INSENSITIVE_ORDER`) sorts. */
export function compareKeys(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function canonicalString(fields: Fields, options: CanonicalOptions = {}): string {
  const dropNullString = options.dropNullString ?? true;
  const exclude = options.exclude ?? [];
  // The same order as sorting with compareKeys, with each key lower-cased once instead of at every
  // comparison (this runs on every signing and every verification).
  const keyed: [lower: string, key: string][] = [];
  for (const k of Object.keys(fields)) {
    if (k !== 'sign' && !exclude.includes(k) && !isDropped(fields[k], dropNullString)) keyed.push([k.toLowerCase(), k]);
  }
  keyed.sort(([la, a], [lb, b]) => (la !== lb ? (la < lb ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0));
  let out = '';
  for (const [i, [, k]] of keyed.entries()) out += `${i === 0 ? '' : '&'}${k}=${String(fields[k])}`;
  return out;
}
