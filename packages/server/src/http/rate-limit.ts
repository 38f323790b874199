import type { RequestHandler } from 'express';
import { ipKeyGenerator, MemoryStore, type Options } from 'express-rate-limit';
import { RateLimitedError } from '../errors.js';

/**
 * The one place per-address rate limiters are built (the widget routes, LianLian's callbacks), so
 * where they count can change in one place.
 *
 * The counting is express-rate-limit's own `MemoryStore` (fixed one-minute windows per client,
 * per instance) keyed by its `ipKeyGenerator` (an IPv6 client is counted per /56, as the library
 * does by default); the answers are the library's draft-7 `RateLimit`/`RateLimit-Policy` headers.
 * Its generic middleware costs about 20 µs of CPU per checkout under load (bench/checkout,
 * interleaved A/B), so the store is driven directly and the policy header is computed once.
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

export function rateLimiter(options: RateLimitOptions): RequestHandler {
  const { perMinute: limit, refusal, exempt } = options;
  const store = new MemoryStore();
  store.init({ windowMs: RATE_LIMIT_WINDOW_MS } as Options);
  const policy = `${String(limit)};w=${String(RATE_LIMIT_WINDOW_MS / 1000)}`;
  return (req, res, next) => {
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    if (exempt?.(ip)) {
      next();
      return;
    }
    store.increment(ipKeyGenerator(ip)).then(({ totalHits, resetTime }) => {
      if (!res.headersSent) {
        const reset = resetTime ? Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : RATE_LIMIT_WINDOW_MS / 1000;
        res.setHeader('RateLimit-Policy', policy);
        res.setHeader('RateLimit', `limit=${String(limit)}, remaining=${String(Math.max(limit - totalHits, 0))}, reset=${String(reset)}`);
      }
      if (totalHits > limit) next(new RateLimitedError(RATE_LIMIT_WINDOW_MS / 1000, refusal));
      else next();
    }, next);
  };
}
