import { parseCallback, type ParsedCallback } from './callback.js';
import { CallbackParseError } from './errors.js';
import { verifyFields, type Verifier, type VerifyOptions } from './sign.js';

export interface VerifyCallbackOptions extends VerifyOptions {
  contentType?: string;
  /** The raw query string; H5 returns may carry `res_data` there (spec §4, §8 #5). */
  query?: string;
  /** LianLian's key and sign type, from configuration (never from the message). */
  verifier: Verifier;
}

const RAW_HINT = "Mount express.raw({ type: '*/*' }) on this route (before any other body parser) and pass req.body, a Buffer.";

/**
 * Parses a raw callback and verifies LianLian's signature over every received field (spec §4, §5).
 * Returns the parsed callback; throws `CallbackParseError` or `SignatureError` saying why.
 *
 * `raw` must be the body bytes. `undefined` and `{}` count as "no body" (Express 5 leaves `req.body`
 * undefined when nothing was sent, e.g. a GET return with `?res_data=`), so they only succeed when
 * the query carries the data.
 */
export function verifyCallback(raw: unknown, options: VerifyCallbackOptions): ParsedCallback {
  const parsed = parseCallback({
    body: asBytes(raw),
    ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
    ...(options.query === undefined ? {} : { query: options.query }),
  });
  if (parsed.format === 'empty') {
    throw new CallbackParseError(
      'callback_empty',
      `The callback carries no fields (empty body and query), so there is nothing to verify. LianLian may send a GET without data after a failed payment (spec §8 #6); treat it as "no result". If the request did carry a body, no raw body parser ran: ${RAW_HINT}`,
    );
  }
  const { verifier, exclude, debug, dropNullString } = options;
  verifyFields(parsed.fields, verifier, {
    ...(exclude === undefined ? {} : { exclude }),
    ...(debug === undefined ? {} : { debug }),
    ...(dropNullString === undefined ? {} : { dropNullString }),
  });
  return parsed;
}

function asBytes(raw: unknown): Uint8Array {
  if (raw instanceof Uint8Array) return raw;
  if (raw === undefined || raw === null) return new Uint8Array();
  if (typeof raw === 'string') {
    throw new CallbackParseError(
      'callback_body_decoded',
      `The callback body was handed over as a string: something (e.g. express.text()) already decoded it, possibly with the wrong charset, so the bytes LianLian signed are lost. ${RAW_HINT}`,
    );
  }
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
  if (typeof raw === 'object' && Object.keys(raw).length === 0 && Object.getPrototypeOf(raw) === Object.prototype) {
    return new Uint8Array();
  }
  throw new CallbackParseError(
    'callback_body_parsed',
    `The callback body is already a parsed ${Array.isArray(raw) ? 'array' : typeof raw}, not raw bytes: express.json() or express.urlencoded() already parsed the body, which loses the exact text LianLian signed (and ignores text/json). ${RAW_HINT}`,
  );
}
