import type { PaymentsDeps } from './payments/deps.js';
import type { RedisConnection } from './redis.js';

/**
 * Everything `createApp` needs, built once by the entry point (or a test). The same object is
 * handed to the callback, refund and worker code (`PaymentsDeps`), so it extends that shape.
 */
export interface AppDeps extends PaymentsDeps {
  /** Folder holding the built widget; default: the `dist` of `@lianlian-checkout/widget`. */
  widgetDistDir?: string;
  /** REDIS_URL's connection: the rate limits are counted there, shared by every instance; memory without it. */
  redis?: RedisConnection | undefined;
}
