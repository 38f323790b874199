import iconv from 'iconv-lite';
import { invalidParam, refuse, RET } from '../lianlian/codes.js';

/** Charsets LianLian accepts in `charset_name` (spec §3.1). */
const CHARSETS = new Set(['UTF-8', 'GBK', 'GB2312', 'GB18030']);

/** `%XX` and `+` decoded to raw bytes; the text in a byte-preserving latin1 string. */
function percentDecode(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    const hex = text.slice(i + 1, i + 3);
    if (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(ch === '+' ? 0x20 : text.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function charsetOf(pairs: [Buffer, Buffer][], contentType: string | undefined): string {
  const named = pairs.find(([k]) => k.toString('latin1') === 'charset_name')?.[1].toString('latin1');
  const fromHeader = /charset=([^;\s]+)/i.exec(contentType ?? '')?.[1];
  const charset = (named ?? fromHeader ?? 'UTF-8').toUpperCase().replace(/^UTF8$/, 'UTF-8');
  if (named !== undefined && !CHARSETS.has(charset)) {
    throw invalidParam('charset_name', `charset_name "${named.slice(0, 20)}" is not one of UTF-8, GBK, GB2312, GB18030.`);
  }
  return iconv.encodingExists(charset) ? charset : 'UTF-8';
}

/**
 * Parses an `application/x-www-form-urlencoded` body from its raw bytes, decoding values in the
 * page's charset (`charset_name`, else the Content-Type charset, else UTF-8). The first value of
 * a repeated name wins, as Java's `getParameter` does.
 */
export function parseForm(raw: Buffer, contentType: string | undefined): Record<string, string> {
  const text = raw.toString('latin1');
  const pairs: [Buffer, Buffer][] = text === '' ? [] : text.split('&').filter((p) => p !== '').map((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? [percentDecode(p), Buffer.alloc(0)] : [percentDecode(p.slice(0, eq)), percentDecode(p.slice(eq + 1))];
  });
  const charset = charsetOf(pairs, contentType);
  const fields: Record<string, string> = {};
  for (const [k, v] of pairs) {
    const key = iconv.decode(k, charset);
    if (!(key in fields)) fields[key] = iconv.decode(v, charset);
  }
  return fields;
}

/**
 * H5 gateways read one field `req_data` holding the JSON of every parameter (spec §3.4). Values
 * must be strings: `risk_item` sent as an object is the classic mistake, so it gets a 1004.
 */
export function parseReqData(form: Record<string, string>): Record<string, string> {
  const reqData = form.req_data;
  if (reqData === undefined || reqData === '') {
    throw invalidParam('req_data', 'H5 gateways take one form field "req_data" holding the JSON of all parameters.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(reqData);
  } catch {
    throw refuse(RET.UNPARSEABLE, 'req_data is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw refuse(RET.UNPARSEABLE, 'req_data must be a JSON object of parameters.');
  }
  return stringFields(parsed as Record<string, unknown>);
}

/** JSON request bodies (H5 req_data, server APIs): strings kept, numbers stringified, others refused. */
export function stringFields(o: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') fields[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') fields[k] = String(v);
    else throw invalidParam(k, `${k} must be a string; nested JSON such as risk_item is sent as a JSON *string* (spec §2.1).`);
  }
  return fields;
}

/** Server APIs (query, refund) take a raw JSON object body (spec §6). */
export function parseJsonBody(raw: Buffer): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw refuse(RET.UNPARSEABLE, 'The body must be a JSON object (Content-Type application/json;charset=utf-8).');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw refuse(RET.UNPARSEABLE, 'The body must be a JSON object of parameters.');
  }
  return stringFields(parsed as Record<string, unknown>);
}
