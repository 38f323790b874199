/**
 * The benchmark's signing server: the real app (createApp) plus the floor route
 * `POST /bench/verify-only`, which parses and verifies exactly like the notify route but writes nothing.
 */
import type { AddressInfo } from 'node:net';
import { parseCallback, verifyFields } from '@lianlian-checkout/protocol';
import express from 'express';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { openLedger } from '../../src/ledger/index.js';
import { createLogger } from '../../src/logging.js';

const config = loadConfig(process.env);
const schema = process.env.LEDGER_SCHEMA;
const ledger = await openLedger(config.databaseUrl, { dataKeys: config.ledgerDataKeys, ...(schema ? { schema } : {}) });
// The production logger as `serve` builds it (redaction, info level, buffered per LOG_FLUSH_MS), into /dev/null.
const logger = createLogger({ level: 'info', destination: '/dev/null', flushIntervalMs: config.logFlushMs });
const deps = { config, ledger, logger, now: () => new Date(), fetch: globalThis.fetch };

const app = express();
app.post('/bench/verify-only', express.raw({ type: () => true, limit: '64kb' }), (req, res) => {
  const { fields } = parseCallback({ body: req.body as Buffer, contentType: req.get('content-type') ?? '' });
  verifyFields(fields, config.verifier);
  const ok = fields.oid_partner === config.oidPartner;
  res.status(200).setHeader('Content-Type', 'application/json;charset=utf-8');
  res.end(JSON.stringify({ ret_code: ok ? '0000' : '9999', ret_msg: ok ? config.notifyAckMessage : 'wrong_merchant' }));
});
app.use(createApp(deps));
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${(server.address() as AddressInfo).port}\n`);
});
const shutdown = (): void => {
  server.close(() => {
    void ledger.close().then(() => process.exit(0));
  });
  server.closeAllConnections();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
