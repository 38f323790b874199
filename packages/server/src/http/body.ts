import express, { type RequestHandler } from 'express';
import { BadRequestError } from '../errors.js';

/**
 * JSON body parsing for the shop and widget APIs (each router brings its own parser). Only
 * `application/json` (and `+json`) is read; anything else, or a body that is not one JSON object,
 * is refused with `invalid_request`. Oversized bodies become `payload_too_large` in the error handler.
 */
/** The content types read as JSON, in body-parser's own `type` form (matched by type-is). */
export const JSON_CONTENT_TYPES: readonly string[] = ['application/json', 'application/*+json'];

/** Deepest nesting of arrays and objects a body may have; no request of this API needs more than 4. */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether raw JSON text nests arrays/objects deeper than `max`, read in one pass over the bytes
 * before anything parses it: the recursive code downstream (request hashing, risk_item checks)
 * must never see a body deep enough to overflow the stack. Brackets inside strings do not count;
 * UTF-8 continuation bytes never equal these ASCII codes.
 */
export function nestsDeeperThan(raw: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** `express.json` for this API: its content types, a size limit, and the nesting limit. */
export function jsonBody(limit: string): RequestHandler {
  return express.json({
    limit,
    strict: true,
    type: [...JSON_CONTENT_TYPES],
    verify: (_req, _res, raw) => {
      if (nestsDeeperThan(raw, MAX_JSON_DEPTH)) {
        throw new BadRequestError('json_too_deep', `The JSON body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep. No field of this API needs that; send a flatter body.`);
      }
    },
  });
}

export function jsonObjectBody(limit: string): RequestHandler[] {
  const requireObject: RequestHandler = (req, _res, next) => {
    const body: unknown = req.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      next(new BadRequestError('invalid_request', 'Send one JSON object with "Content-Type: application/json".'));
      return;
    }
    next();
  };
  return [jsonBody(limit), requireObject];
}
