import { createClient, type RedisClientType } from '@redis/client';
import type { Logger } from 'pino';

/**
 * The connection to REDIS_URL, where the per-address rate limits are counted when several
 * instances serve one shop (docs/deploy.md). Redis is an aid, not a dependency: while it is down
 * the server keeps serving and does not count (it fails open), says so in the log at most once
 * per minute, and `/readyz` reports it.
 */
export const OUTAGE_LOG_INTERVAL_MS = 60_000;
/** A Redis that has not answered by then counts as down for this request. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
const CONNECT_WAIT_MS = 2_000;

export interface RedisConnection {
  /** Sends one command; rejects when Redis is unreachable or slower than REDIS_COMMAND_TIMEOUT_MS. */
  sendCommand(args: string[]): Promise<unknown>;
  /** Records a failed command: logged at most once per OUTAGE_LOG_INTERVAL_MS. */
  failed(error: unknown): void;
  /** `ok`, or why Redis does not answer now (for `/readyz`). */
  check(): Promise<{ ok: true } | { ok: false; error: string }>;
  close(): Promise<void>;
}

/** Calls `log` for the first failure and then at most once per interval, by the injected clock. */
export function outageLogger(options: { now: () => Date; log: (error: unknown, missed: number) => void }): (error: unknown) => void {
  let lastAt: number | undefined;
  let missed = 0;
  return (error) => {
    const at = options.now().getTime();
    if (lastAt !== undefined && at - lastAt < OUTAGE_LOG_INTERVAL_MS) {
      missed += 1;
      return;
    }
    lastAt = at;
    options.log(error, missed);
    missed = 0;
  };
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${REDIS_COMMAND_TIMEOUT_MS} ms`)), REDIS_COMMAND_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Connects to `url` and waits up to 2 s for the first connection, so counting starts with the
 * first request; a Redis that is down at start-up is reconnected to in the background.
 */
export async function openRedis(url: string, deps: { logger: Logger; now: () => Date }): Promise<RedisConnection> {
  const failed = outageLogger({
    now: deps.now,
    log: (error, missed) => deps.logger.error(
      { err: error, failuresSinceLastLog: missed },
      'Redis (REDIS_URL) does not answer: rate limits are not counted until it is back (failing open); /readyz reports "redis": "unreachable"',
    ),
  });
  // Commands fail at once while disconnected (no offline queue): a request never waits for Redis.
  const client: RedisClientType = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: CONNECT_WAIT_MS, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000) },
  });
  // Connection errors arrive here while the client reconnects; they are one outage, logged as such.
  client.on('error', failed);
  const connected = client.connect().then(() => true, () => false);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([connected, new Promise((resolve) => (timer = setTimeout(resolve, CONNECT_WAIT_MS)))]);
  clearTimeout(timer);
  return {
    sendCommand: (args) => withTimeout(client.sendCommand(args)),
    failed,
    check: async () => {
      try {
        await withTimeout(client.sendCommand(['PING']));
        return { ok: true };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
    close: async () => {
      if (client.isReady) await client.close();
      else client.destroy();
      await connected;
    },
  };
}
