import type { RequestHandler } from 'express';
import { MemoryStore, rateLimit, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import { RateLimitedError } from '../errors.js';
import type { RedisConnection } from '../redis.js';

/**
 * The one place per-address rate limiters and their stores are built (the widget routes, LianLian's
 * callbacks), so where they count can change in one place: `createLimiterStore`.
 *
 * express-rate-limit's middleware in its ordinary form: fixed one-minute windows per client, keyed
 * by the library's default (`ipKeyGenerator`, so an IPv6 client is counted per /56), answered with
 * its draft-7 `RateLimit`/`RateLimit-Policy` headers, and a refusal handed to the problem+json
 * error handler as `rate_limited`. A store that fails (Redis down) lets the request through
 * uncounted.
 */
export const RATE_LIMIT_WINDOW_MS = 60_000;
/** Redis keys: `llc:rl:<limiter>:<address>`, so two limiters never share a count. */
export const REDIS_KEY_PREFIX = 'llc:rl:';

export interface RateLimitOptions {
  /** Requests per client address per one-minute window. */
  perMinute: number;
  /** The 429 problem's detail: what was limited and how to get through. */
  refusal: string;
  /** Where the counts live (createLimiterStore). */
  store: Store;
  /** Addresses never counted (e.g. LianLian's notify sources). */
  exempt?: ((ip: string) => boolean) | undefined;
}

/**
 * rate-limit-redis's store, counted in the Redis every instance shares. Its scripts are loaded on
 * first use and again after a failed load (a Redis down at start-up would otherwise leave the store
 * failing after Redis came back); every failure is reported to the connection, which logs the
 * outage at most once a minute, and the request passes uncounted.
 */
class SharedRedisStore implements Store {
  readonly prefix: string;
  readonly localKeys = false;
  private readonly redis: RedisConnection;
  private readonly inner: RedisStore;
  private options: Options | undefined;
  private loaded: Promise<void> | undefined;

  constructor(redis: RedisConnection, name: string) {
    this.redis = redis;
    this.prefix = `${REDIS_KEY_PREFIX}${name}:`;
    this.inner = new RedisStore({ prefix: this.prefix, sendCommand: (...args: string[]) => redis.sendCommand(args) as never });
  }

  init(options: Options): void {
    this.options = options;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    try {
      await this.load();
      return await this.inner.increment(key);
    } catch (error) {
      this.redis.failed(error);
      // Not counted: the request passes as a window's first (failing open), without the console
      // line per request that express-rate-limit's own passOnStoreError prints.
      return { totalHits: 1, resetTime: new Date(Date.now() + (this.options?.windowMs ?? RATE_LIMIT_WINDOW_MS)) };
    }
  }

  async decrement(key: string): Promise<void> {
    await this.inner.decrement(key).catch((error: unknown) => this.redis.failed(error));
  }

  async resetKey(key: string): Promise<void> {
    await this.inner.resetKey(key).catch((error: unknown) => this.redis.failed(error));
  }

  private load(): Promise<void> {
    const options = this.options;
    if (!options) return Promise.reject(new Error('rate limit store used before init'));
    return (this.loaded ??= this.inner.init(options).catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    }));
  }
}

/**
 * Where the limiter `name` counts: in the Redis every instance shares when REDIS_URL is set,
 * otherwise express-rate-limit's `MemoryStore`, per process (behind a load balancer the effective
 * limit is then per instance). Each limiter gets its own store.
 */
export function createLimiterStore(redis: RedisConnection | undefined, name: string): Store {
  return redis ? new SharedRedisStore(redis, name) : new MemoryStore();
}

export function rateLimiter(options: RateLimitOptions): RequestHandler {
  const { perMinute, refusal, exempt, store } = options;
  return rateLimit({
    windowMs: RATE_LIMIT_WINDOW_MS,
    limit: perMinute,
    // draft-7: the combined RateLimit header, without draft-8's per-request hash of the client key.
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store,
    passOnStoreError: true,
    ...(exempt && { skip: (req) => exempt(req.ip ?? req.socket.remoteAddress ?? '') }),
    handler: (_req, _res, next) => next(new RateLimitedError(RATE_LIMIT_WINDOW_MS / 1000, refusal)),
  });
}
