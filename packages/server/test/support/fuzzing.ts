import { request } from 'node:http';
import fc from 'fast-check';

/**
 * Inputs and a raw HTTP client for the fuzz suite (fuzz.test.ts). Test-only. The client is
 * node:http rather than fetch, so any method, path bytes and header the HTTP layer allows get
 * through unchanged.
 */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array | undefined;
}

export interface FuzzAnswer {
  status: number;
  contentType: string;
  body: string;
}

export function send(baseUrl: string, req: FuzzRequest): Promise<FuzzAnswer> {
  return new Promise((resolve, reject) => {
    // An explicit length: node:http would otherwise send a GET's body unframed, as a broken next request.
    const headers = req.body ? { ...req.headers, 'content-length': String(req.body.length) } : req.headers;
    const out = request(`${baseUrl}${req.path}`, { method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(req.body);
  });
}

/** Strings that have broken servers: NUL, lone surrogates, bad escapes, prototype keys, huge numbers. */
const NASTY = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff\ud800', '%', '%ff', '%E4%B8', '%00', '../', '..%2F', '__proto__', 'constructor',
  'toString', '1e309', '-0', 'NaN', 'null', 'true', '0.01', '49.95', '-1.00', '99999999999999999999.99', '𝟘𝟙', '测试', '\r\n', '<x>',
  '[[[[', '{"a":', '\\', '"', 'ct_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', 'a', '%', 'f', '\ud800', '"', '\\', '[', '{', '/', '.', '测'), maxLength: 60 }),
  fc.integer({ min: 200, max: 5000 }).map((n) => 'x'.repeat(n)),
);

/** Any JSON value, with nasty strings and keys, at most a few levels deep. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nastyString, fc.constantFrom('amount', 'token', 'risk_item', 'no_order')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Raw body text: JSON, almost-JSON, deep nesting, form encoding, or bytes. */
export const rawBody: fc.Arbitrary<Uint8Array> = fc.oneof(
  jsonValue.map((v) => Buffer.from(JSON.stringify(v) ?? 'null', 'utf8')),
  fc.integer({ min: 20, max: 20_000 }).map((n) => Buffer.from(`{"a":${'['.repeat(n)}${']'.repeat(n)}}`)),
  fc.dictionary(nastyString, nastyString, { maxKeys: 5 }).map((d) => Buffer.from(new URLSearchParams(d).toString())),
  nastyString.map((s) => Buffer.from(s, 'utf8')),
  fc.uint8Array({ maxLength: 200 }),
);

/** Values a field might well accept (short text, Chinese, a small object), and now and then a nasty one. */
export const plausibleValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  fc.constantFrom('M', 'F', '1', '3', '8', '01020000', '1009', 'FFFFFF', 'https://shop.example/p/1', '203.0.113.9', '::1', '60', '张三'),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.oneof(fc.string({ maxLength: 16 }), fc.integer(), fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 })), { maxKeys: 4 }),
  nastyString,
);

/** A body object that starts valid and has one to three fields replaced or added with `values`. */
export function mutated(valid: Record<string, unknown>, fields: readonly string[], values: fc.Arbitrary<unknown> = jsonValue): fc.Arbitrary<Record<string, unknown>> {
  const field = fc.oneof({ arbitrary: fc.constantFrom(...fields), weight: 4 }, { arbitrary: nastyString, weight: 1 });
  const change = fc.record({ field, value: values });
  return fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) => ({ ...valid, ...Object.fromEntries(changes.map((c) => [c.field, c.value])) }));
}

const UNRESERVED = /[A-Za-z0-9_.~-]/;

/** Percent-encodes every byte of the UTF-8 form (lone surrogates become U+FFFD), unlike encodeURIComponent, which throws on them. */
export function percentEncode(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (UNRESERVED.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** A path segment: percent-encoded anything, or raw percent signs and bytes the HTTP layer allows. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  nastyString.map((s) => percentEncode(s).slice(0, 400) || 'x'),
  fc.stringMatching(/^(%[0-9a-fA-F]{0,2}|[A-Za-z0-9._~!$&'()*+,;=:@-]){1,40}$/),
  fc.constantFrom('%ff', '%', '%00', 'a%00b', '%E4%B8', '%2e%2e', '..', '.', '%2F'),
);

/** A query string with nasty keys and values, repeated keys, and raw percent signs. */
export function queryString(keys: readonly string[]): fc.Arbitrary<string> {
  const pair = fc.tuple(fc.oneof(fc.constantFrom(...keys), nastyString), nastyString).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`);
  return fc.oneof(
    fc.array(pair, { maxLength: 4 }).map((pairs) => (pairs.length ? `?${pairs.join('&')}` : '')),
    fc.constantFrom('?%ff=%ff', '?a=%', '?token', '?token=&token=', '?before=1&before=2', '?limit=1e3'),
  );
}

/** Header values HTTP allows (tab, visible ASCII, Latin-1), mostly the ones the routes read. */
const headerValue = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'\tabc;=,/+*%-_. "\\()[]{}0189\xe9\xff'.split('')), maxLength: 60 }),
  fc.constantFrom(
    'application/json', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'text/json', 'text/plain',
    'application/x-www-form-urlencoded; charset=gbk', 'multipart/form-data; boundary=x', 'gzip', 'br', 'deflate', 'identity', 'x-unknown',
  ),
);

export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.constantFrom('content-type', 'content-encoding', 'origin', 'referer', 'authorization', 'idempotency-key', 'x-request-id', 'x-forwarded-for', 'accept', 'if-none-match'),
  headerValue,
  { maxKeys: 3 },
);

export const anyMethod: fc.Arbitrary<string> = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS');
