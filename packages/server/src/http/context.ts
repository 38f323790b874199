import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '../logging.js';

/**
 * Gives every request an id (a sane incoming `X-Request-Id`, or a new UUID), echoes it, and logs one
 * line when the response finishes. Only the path is logged: query strings can carry checkout tokens.
 */
const INCOMING_ID = /^[A-Za-z0-9._:-]{8,64}$/;
const QUIET_PATHS = new Set(['/healthz', '/readyz']);

export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming !== undefined && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // No per-request child logger on the hot path: the id is a field of the one line.
      const path = req.path;
      const entry = { requestId, method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 };
      if (QUIET_PATHS.has(path)) logger.debug(entry, 'request');
      else logger.info(entry, 'request');
    });
    next();
  };
}

export function requestIdOf(res: Response): string {
  return typeof res.locals.requestId === 'string' ? res.locals.requestId : 'unknown';
}

/** A logger carrying the request id, for the rare lines beyond the access log (errors). */
export function logOf(res: Response, logger: Logger): Logger {
  return logger.child({ requestId: requestIdOf(res) });
}
