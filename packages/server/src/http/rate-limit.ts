import type { RequestHandler } from 'express';
import { MemoryStore, rateLimit, type Store } from 'express-rate-limit';
import { RateLimitedError } from '../errors.js';

/**
 * The one place per-address rate limiters are built (the widget routes, LianLian's callbacks), so
 * where they count can change in one place: `createLimiterStore`.
 *
 * express-rate-limit's middleware in its ordinary form: fixed one-minute windows per client, keyed
 * by the library's default (`ipKeyGenerator`, so an IPv6 client is counted per /56), answered with
 * its draft-7 `RateLimit`/`RateLimit-Policy` headers, and a refusal handed to the problem+json
 * error handler as `rate_limited`.
 */
export const RATE_LIMIT_WINDOW_MS = 60_000;

export interface RateLimitOptions {
  /** Requests per client address per one-minute window. */
  perMinute: number;
  /** The 429 problem's detail: what was limited and how to get through. */
  refusal: string;
  /** Addresses never counted (e.g. LianLian's notify sources). */
  exempt?: ((ip: string) => boolean) | undefined;
}

/**
 * Where a limiter counts: express-rate-limit's `MemoryStore`, per process (behind a load balancer
 * the effective limit is per instance). Each limiter gets its own store.
 */
export function createLimiterStore(): Store {
  return new MemoryStore();
}

export function rateLimiter(options: RateLimitOptions): RequestHandler {
  const { perMinute, refusal, exempt } = options;
  return rateLimit({
    windowMs: RATE_LIMIT_WINDOW_MS,
    limit: perMinute,
    // draft-7: the combined RateLimit header, without draft-8's per-request hash of the client key.
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: createLimiterStore(),
    ...(exempt && { skip: (req) => exempt(req.ip ?? req.socket.remoteAddress ?? '') }),
    handler: (_req, _res, next) => next(new RateLimitedError(RATE_LIMIT_WINDOW_MS / 1000, refusal)),
  });
}
