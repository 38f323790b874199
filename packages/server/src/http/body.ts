import express, { type RequestHandler } from 'express';
import { BadRequestError } from '../errors.js';

/**
 * JSON body parsing for the shop and widget APIs (each router brings its own parser). Only
 * `application/json` (and `+json`) is read; anything else, or a body that is not one JSON object,
 * is refused with `invalid_request`. Oversized bodies become `payload_too_large` in the error handler.
 */
/**
 * `application/json` or `application/<anything>+json`, any case, parameters allowed: the types
 * body-parser's `['application/json', 'application/*+json']` matches, as one precompiled test instead
 * of parsing and normalising both patterns on every request.
 */
export const JSON_CONTENT_TYPE = /^application\/(?:[!#$%&'*.^`|~\w-]+\+)?json[\t ]*(?:;|$)/i;

export function jsonObjectBody(limit: string): RequestHandler[] {
  const parse = express.json({ limit, strict: true, type: (req) => JSON_CONTENT_TYPE.test(req.headers['content-type'] ?? '') });
  const requireObject: RequestHandler = (req, _res, next) => {
    const body: unknown = req.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      next(new BadRequestError('invalid_request', 'Send one JSON object with "Content-Type: application/json".'));
      return;
    }
    next();
  };
  return [parse, requireObject];
}
