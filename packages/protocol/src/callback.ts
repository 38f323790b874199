import { contentTypeCharset, decodeBytes, guessCharset, mediaType, normalizeCharset, type Charset } from './charset.js';
import { CallbackParseError } from './errors.js';
import { splitForm, type RawPair } from './form.js';
import { readJsonObject, type RawMember } from './json-raw.js';
import { asBytes } from './raw-body.js';

export type { Charset } from './charset.js';

/**
 * Fields that query responses carry but LianLian does not sign (spec §6.1): pass them as
 * `exclude` when verifying an order-query response.
 */
export const QUERY_UNSIGNED_FIELDS: readonly string[] = ['bank_name', 'memo', 'card_no'];

/**
 * `result_pay`, the payment's state, in notifications and order-query answers (spec §5, §6.1):
 * paid, awaiting payment, at the bank, reversed, failed.
 */
export const RESULT_PAY_VALUES = ['SUCCESS', 'WAITING', 'PROCESSING', 'REFUND', 'FAILURE'] as const;
export type ResultPay = (typeof RESULT_PAY_VALUES)[number];

export function isResultPay(value: string | undefined): value is ResultPay {
  return (RESULT_PAY_VALUES as readonly (string | undefined)[]).includes(value);
}

export interface CallbackInput {
  /** The raw request body exactly as received (e.g. `express.raw({ type: '*\/*' })`'s Buffer). */
  body: Uint8Array;
  contentType?: string;
  /** The raw query string (with or without `?`), still percent-encoded. */
  query?: string;
}

export interface ParsedCallback {
  fields: Record<string, string>;
  /** `json`: notify body (§5); `form`: flat return fields (§4); `res_data`: H5 return (§4, §8 #5). */
  format: 'json' | 'form' | 'res_data' | 'empty';
  charset: Charset;
}

const JSON_TYPES = new Set(['application/json', 'text/json']);
const SNIFFED_TYPES = new Set(['', 'text/plain', 'application/octet-stream']);

/**
 * Reads a LianLian callback into fields, decoding the charset before anything is verified:
 * JSON bodies (`text/json` notify, spec §5), form bodies (web return, §4), and H5's `res_data` JSON
 * in a form field, a JSON body or the query string (§4, §8 #5). A request with no data at all (a
 * GET return after a failed payment, §8 #6) gives `format: 'empty'`.
 */
export function parseCallback(input: CallbackInput): ParsedCallback {
  const body = asBytes(input.body);
  const declared = contentTypeCharset(input.contentType);
  if (isBlank(body)) return fromQuery(input.query ?? '', declared);
  const media = mediaType(input.contentType);
  const looksJson = firstByte(body) === 0x7b;
  if (JSON_TYPES.has(media) || media.endsWith('+json') || (SNIFFED_TYPES.has(media) && looksJson)) {
    return fromJson(body, declared);
  }
  if (media === 'application/x-www-form-urlencoded' || SNIFFED_TYPES.has(media)) {
    return fromPairs(splitForm(body), declared);
  }
  throw new CallbackParseError(
    'callback_unsupported_content_type',
    `The callback has Content-Type "${media.slice(0, 60)}"; LianLian sends JSON (text/json) or form-encoded bodies.`,
  );
}

function fromQuery(query: string, declared: Charset | undefined): ParsedCallback {
  const q = query.startsWith('?') ? query.slice(1) : query;
  if (q === '') return { fields: {}, format: 'empty', charset: declared ?? 'UTF-8' };
  return fromPairs(splitForm(Buffer.from(q, 'utf8')), declared);
}

function fromJson(body: Uint8Array, declared: Charset | undefined): ParsedCallback {
  const charset = declared ?? jsonCharsetName(body) ?? guessCharset([body]);
  const members = readJsonObject(decodeBytes(body, charset));
  const resData = members.find((m) => m.key === 'res_data');
  if (resData) return fromResData(resData.text, charset);
  return { fields: toFields(members), format: 'json', charset };
}

function fromPairs(pairs: RawPair[], declared: Charset | undefined): ParsedCallback {
  const resData = pairs.find((p) => p.name === 'res_data');
  const named = pairs.find((p) => p.name === 'charset_name');
  const charset =
    declared ??
    (named ? normalizeCharset(Buffer.from(named.value).toString('latin1')) : undefined) ??
    (resData ? jsonCharsetName(resData.value) : undefined) ??
    guessCharset(pairs.flatMap((p) => [p.nameBytes, p.value]));
  if (resData) return fromResData(decodeBytes(resData.value, charset), charset);
  const fields = new Map<string, string>();
  for (const pair of pairs) {
    const name = decodeBytes(pair.nameBytes, charset);
    if (fields.has(name)) throw duplicate(name);
    fields.set(name, decodeBytes(pair.value, charset));
  }
  return { fields: toRecord(fields), format: 'form', charset };
}

function fromResData(json: string, charset: Charset): ParsedCallback {
  if (json.trim() === '') {
    throw new CallbackParseError('callback_empty', 'The callback has an empty res_data field, so there is nothing to read or verify.');
  }
  return { fields: toFields(readJsonObject(json)), format: 'res_data', charset };
}

/**
 * The `charset_name` member of a JSON callback (top level, or inside `res_data`), read before
 * decoding: all four charsets are ASCII-compatible, so the JSON structure and the ASCII field
 * names read the same in Latin-1. Unreadable JSON yields undefined (the real parse reports it; a
 * GBK trail byte 0x5C can also cause this, and the fallback guess, GB18030, decodes GBK anyway).
 */
function jsonCharsetName(bytes: Uint8Array, depth = 0): Charset | undefined {
  let members: RawMember[];
  try {
    members = readJsonObject(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
  } catch {
    return undefined;
  }
  const named = members.find((m) => m.key === 'charset_name' && m.kind === 'string');
  if (named) return normalizeCharset(named.text);
  const resData = members.find((m) => m.key === 'res_data' && m.kind !== 'null');
  return resData && depth === 0 ? jsonCharsetName(Buffer.from(resData.text, 'latin1'), 1) : undefined;
}

function toFields(members: RawMember[]): Record<string, string> {
  const fields = new Map<string, string>();
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(m.key)) throw duplicate(m.key);
    seen.add(m.key);
    // A JSON null is an absent value: the canonical string drops it either way (spec §2.1).
    if (m.kind !== 'null') fields.set(m.key, m.text);
  }
  return toRecord(fields);
}

/**
 * `Object.fromEntries` defines own properties, so a field named `__proto__` stays a field instead of
 * replacing the record's prototype (which `record[name] = value` would do).
 */
function toRecord(fields: Map<string, string>): Record<string, string> {
  return Object.fromEntries(fields);
}

function duplicate(name: string): CallbackParseError {
  return new CallbackParseError(
    'callback_duplicate_field',
    `The callback carries the field "${name.slice(0, 40)}" twice; it is ambiguous which value was signed, so it is rejected.`,
  );
}

/** The first byte after an optional UTF-8 BOM and JSON whitespace. */
function firstByte(bytes: Uint8Array): number | undefined {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.subarray(bom).find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
}

function isBlank(bytes: Uint8Array): boolean {
  return firstByte(bytes) === undefined;
}
