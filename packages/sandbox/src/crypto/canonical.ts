/**
 * LianLian's signature source string (spec §2.1): every field except `sign`, empty values
 * dropped, keys in ascending byte order, `k=v` joined by `&`, values raw (no URL-encoding).
 */
export type Fields = Readonly<Record<string, string>>;

export function canonicalString(fields: Fields): string {
  return Object.keys(fields)
    .filter((k) => k !== 'sign' && fields[k] !== '')
    // Byte order, as PHP ksort; identical to case-insensitive order for LianLian's lowercase keys.
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${k}=${fields[k]}`)
    .join('&');
}

/** Fields LianLian leaves out of the query-response signature (spec §2.1, §6.1). */
export const UNSIGNED_QUERY_FIELDS: readonly string[] = ['bank_name', 'memo', 'card_no'];
