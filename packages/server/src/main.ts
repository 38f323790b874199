import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createApp } from './app.js';
import { formatProblems } from './config/format.js';
import { loadConfig, type Env } from './config/load.js';
import type { Config } from './config/types.js';
import { InvalidConfigError } from './errors.js';
import { openLedger } from './ledger/index.js';
import type { Ledger } from './ledger/types.js';
import { createLogger, flushLogSync, type Logger } from './logging.js';
import { openRedis, type RedisConnection } from './redis.js';
import { startWorkers, type Workers } from './payments/workers.js';

/**
 * The process entry: the only code that reads `process.env`, listens, and handles signals.
 * `lianlian-checkout serve` and `pnpm --filter @lianlian-checkout/server start` both land here.
 */
export interface RunningServer {
  url: string;
  /** Stops accepting, drains in-flight requests (bounded), stops workers, closes the ledger, writes out the log. */
  stop(reason: string): Promise<void>;
  /** Writes out, synchronously, the log lines still held (`LOG_FLUSH_MS`); safe in a process `exit` listener. */
  flushLogs(): void;
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stopper(parts: { server: Server; workers: Workers; ledger: Ledger; redis: RedisConnection | undefined; logger: Logger; config: Config }): (reason: string) => Promise<void> {
  let stopping: Promise<void> | undefined;
  return (reason) => {
    stopping ??= (async () => {
      const { server, workers, ledger, redis, logger, config } = parts;
      logger.info({ reason, drainMs: config.shutdownTimeoutMs }, 'shutting down: no new connections, draining requests');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // In-flight requests get a bounded time to finish; then their connections are cut.
      const cut = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      await closed;
      clearTimeout(cut);
      await workers.stop();
      await ledger.close();
      await redis?.close();
      logger.info('stopped');
      flushLogSync(logger);
    })();
    return stopping;
  };
}

/** Starts the signing server from `env`. Throws `InvalidConfigError` for a bad configuration. */
export async function startServer(env: Env): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = createLogger({ level: config.logLevel, flushIntervalMs: config.logFlushMs });
  const ledger = await openLedger(config.databaseUrl, {
    dataKeys: config.ledgerDataKeys,
    onWarning: (message, details) => logger.warn(details, message),
  });
  if (!config.ledgerDataKeys) {
    logger.warn('LEDGER_DATA_KEY is not set: buyers\' card numbers, ID numbers, names and phones are stored in clear. Sandbox mode only; live mode refuses to start without it (docs/ledger.md)');
  }
  const now = (): Date => new Date();
  const redis = config.redisUrl === undefined ? undefined : await openRedis(config.redisUrl, { logger, now });
  const deps = { config, ledger, redis, logger, now, fetch: globalThis.fetch };
  const server = createApp(deps).listen(config.port, config.host);
  try {
    await listen(server);
  } catch (error) {
    await ledger.close();
    await redis?.close();
    throw error;
  }
  const workers = startWorkers(deps);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  const enabled = Object.values(config.products).filter((p) => p.enabled).map((p) => p.product);
  logger.info({ url, publicUrl: config.publicUrl, mode: config.mode, products: enabled, ledger: ledger.kind, rateLimits: redis ? 'redis' : 'memory' }, 'signing server listening');
  return { url, stop: stopper({ server, workers, ledger, redis, logger, config }), flushLogs: () => flushLogSync(logger) };
}

/** `serve`: start, stop on SIGTERM/SIGINT, exit 1 with every problem listed on a bad configuration. */
export async function serve(env: Env): Promise<void> {
  let running: RunningServer;
  try {
    running = await startServer(env);
  } catch (error) {
    if (error instanceof InvalidConfigError) {
      process.stderr.write(formatProblems(error.problems));
    } else {
      process.stderr.write(`lianlian-checkout: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.exit(1);
  }
  // The process is ours: whatever ends it (a signal below, an uncaught error), the access lines
  // still held are written out first. The logger itself installs no exit hook.
  process.once('exit', () => running.flushLogs());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      running.stop(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`lianlian-checkout: shutdown failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
    });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await serve(process.env);
}
