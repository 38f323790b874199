import { CallbackParseError } from './errors.js';

export const RAW_HINT = "Mount express.raw({ type: '*/*' }) on this route (before any other body parser) and pass req.body, a Buffer.";

/**
 * The callback body as bytes, or a `CallbackParseError` that says which middleware got there first.
 * `undefined`, `null` and `{}` count as "no body": Express 5 leaves `req.body` undefined when nothing
 * was sent (a GET return), and older stacks set `{}`.
 */
export function asBytes(raw: unknown): Uint8Array {
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
