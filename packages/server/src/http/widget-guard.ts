import type { RequestHandler, Response } from 'express';
import type { Config } from '../config/types.js';
import { rateLimiter } from './rate-limit.js';

/**
 * CORS and the per-address rate limit of the widget routes, as one handler.
 *
 * Both policies are fixed at start-up (ALLOWED_ORIGINS, RATE_LIMIT_PER_MINUTE), so their headers
 * are computed once here instead of per request (the limiter: rate-limit.ts). The `cors` package's
 * per-request option handling and express-rate-limit's generic middleware cost about 20 µs of CPU
 * per checkout under load (bench/checkout, interleaved A/B).
 *
 * CORS: an origin in ALLOWED_ORIGINS is echoed in `Access-Control-Allow-Origin` (with `Vary:
 * Origin` on every answer, so caches keep answers per origin); any other origin gets no CORS
 * header, and the browser keeps the answer from the page. Preflights (`OPTIONS`) are answered here
 * with 204 and are not counted against the rate limit.
 */
const ALLOW_METHODS = 'GET,POST';
const ALLOW_HEADERS = 'Content-Type';
const MAX_AGE_SECONDS = '600';

function varyOrigin(res: Response): void {
  if (res.getHeader('Vary') === undefined) res.setHeader('Vary', 'Origin');
  else res.vary('Origin');
}

export function widgetGuard(config: Pick<Config, 'allowedOrigins' | 'rateLimitPerMinute'>): RequestHandler {
  const allowed: ReadonlySet<string> = new Set(config.allowedOrigins);
  const limit = rateLimiter({ perMinute: config.rateLimitPerMinute, refusal: 'Too many checkout requests from this address (RATE_LIMIT_PER_MINUTE).' });

  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin !== undefined && allowed.has(origin)) res.setHeader('Access-Control-Allow-Origin', origin);
    varyOrigin(res);
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
      res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
      res.setHeader('Access-Control-Max-Age', MAX_AGE_SECONDS);
      res.statusCode = 204;
      res.setHeader('Content-Length', '0');
      res.end();
      return;
    }
    limit(req, res, next);
  };
}
