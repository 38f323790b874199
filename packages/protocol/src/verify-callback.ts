import { parseCallback, type ParsedCallback } from './callback.js';
import { CallbackParseError } from './errors.js';
import { asBytes, RAW_HINT } from './raw-body.js';
import { verifyFields, type NullRule, type Verifier, type VerifyOptions } from './sign.js';

export interface VerifyCallbackOptions extends VerifyOptions {
  contentType?: string;
  /** The raw query string; H5 returns may carry `res_data` there (spec §4, §8 #5). */
  query?: string;
  /** LianLian's key and sign type, from configuration (never from the message). */
  verifier: Verifier;
}

/** A verified callback: `fields` are the fields the signature covers (see `VerifiedFields`). */
export interface VerifiedCallback extends ParsedCallback {
  nullRule: NullRule;
}

/**
 * Parses a raw callback and verifies LianLian's signature over every received field (spec §4, §5).
 * Returns the parsed callback with the fields the signature covers; throws `CallbackParseError` or `SignatureError` saying why.
 *
 * `raw` must be the body bytes. `undefined` and `{}` count as "no body" (Express 5 leaves `req.body`
 * undefined when nothing was sent, e.g. a GET return with `?res_data=`), so they only succeed when
 * the query carries the data.
 */
export function verifyCallback(raw: unknown, options: VerifyCallbackOptions): VerifiedCallback {
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
  const { verifier, exclude, debug } = options;
  const verified = verifyFields(parsed.fields, verifier, {
    ...(exclude === undefined ? {} : { exclude }),
    ...(debug === undefined ? {} : { debug }),
  });
  return { ...parsed, fields: verified.fields, nullRule: verified.nullRule };
}
