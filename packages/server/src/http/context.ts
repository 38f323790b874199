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
    const log = logger.child({ requestId });
    res.locals.requestId = requestId;
    res.locals.log = log;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const entry = { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 };
      if (QUIET_PATHS.has(req.path)) log.debug(entry, 'request');
      else log.info(entry, 'request');
    });
    next();
  };
}

export function requestIdOf(res: Response): string {
  return typeof res.locals.requestId === 'string' ? res.locals.requestId : 'unknown';
}

export function logOf(res: Response, fallback: Logger): Logger {
  return (res.locals.log as Logger | undefined) ?? fallback;
}
