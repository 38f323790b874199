/**
 * A signing-server process for the multi-instance tests and the notify benchmark: loads the config
 * from the environment, opens the ledger (LEDGER_SCHEMA picks a PostgreSQL schema), builds the app
 * with `createApp` and prints `LISTENING <port>` once it accepts connections on 127.0.0.1:<random>.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { openLedger } from '../../src/ledger/index.js';

const config = loadConfig(process.env);
const schema = process.env.LEDGER_SCHEMA;
const ledger = await openLedger(config.databaseUrl, schema ? { schema } : {});
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
const deps = { config, ledger, logger, now: () => new Date(), fetch: globalThis.fetch };

const app = express();
app.use(createApp(deps));
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${(server.address() as AddressInfo).port}\n`);
});
server.keepAliveTimeout = 30_000;

const shutdown = (): void => {
  server.close(() => {
    void ledger.close().then(() => process.exit(0));
  });
  server.closeAllConnections();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
