import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import type { AppDeps } from '../../src/deps.js';
import { openLedger } from '../../src/ledger/index.js';
import { createLogger } from '../../src/logging.js';

/**
 * The one way tests and benchmarks serve the signing server: `createApp(deps)` on 127.0.0.1 with an
 * OS-chosen port, optionally behind extra routes (a benchmark's floor). The test harness, the
 * multi-instance processes and both benchmarks use it, so they measure and test the same app.
 */
export interface Listening {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:<random> and resolves once connections are accepted. */
export async function listen(app: Express): Promise<Listening> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Routes mounted in front of the app, e.g. a benchmark's floor. */
export type ExtraRoutes = (app: Express, config: Config) => void;

export function buildApp(deps: AppDeps, extra?: ExtraRoutes): Express {
  const app = express();
  extra?.(app, deps.config);
  app.use(createApp(deps));
  return app;
}

export function listenApp(deps: AppDeps, extra?: ExtraRoutes): Promise<Listening> {
  return listen(buildApp(deps, extra));
}

/**
 * A signing-server process (test/support/instance.ts, bench/notify/server.ts): config from the
 * environment, the ledger (LEDGER_SCHEMA picks a PostgreSQL schema), `LISTENING <port>` on stdout
 * once it accepts connections, and a clean stop on SIGTERM/SIGINT. Process handling stays here, in
 * test support, never in src/.
 */
export async function runInstance(options: { logDestination: number | string; logLevel?: string; extra?: ExtraRoutes }): Promise<void> {
  const config = loadConfig(process.env);
  const schema = process.env.LEDGER_SCHEMA;
  const ledger = await openLedger(config.databaseUrl, { dataKeys: config.ledgerDataKeys, ...(schema ? { schema } : {}) });
  const logger = createLogger({ level: options.logLevel ?? process.env.LOG_LEVEL ?? 'warn', destination: options.logDestination, flushIntervalMs: config.logFlushMs });
  const running = await listenApp({ config, ledger, logger, now: () => new Date(), fetch: globalThis.fetch }, options.extra);
  running.server.keepAliveTimeout = 30_000;
  process.stdout.write(`LISTENING ${new URL(running.url).port}\n`);
  const shutdown = (): void => {
    void running.close().then(() => ledger.close()).then(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
