import type { Server } from 'node:http';
import { loadConfig } from './config.js';
import { jsonLineLogger } from './logger.js';
import { createSandbox } from './sandbox.js';

/** How long SIGTERM waits for open connections before closing them. */
const DRAIN_MS = 5_000;

function main(): void {
  const config = loadConfig(process.env);
  const logger = jsonLineLogger((line) => process.stdout.write(line));
  const sandbox = createSandbox({
    privateKeyPem: config.privateKeyPem, merchants: config.merchants, timeScale: config.timeScale,
    publicUrl: config.publicUrl, logger, amountFormat: config.amountFormat,
  });
  const server: Server = sandbox.app.listen(config.port, config.host, () => {
    process.stdout.write(`LianLian sandbox listening on ${config.publicUrl} (dashboard ${config.publicUrl}/__sandbox/, key ${config.privateKeySource})\n`);
  });
  server.on('error', (err) => {
    logger.error({ err: err.message }, 'cannot listen');
    process.exitCode = 1;
  });
  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    void sandbox.close();
    server.close();
    setTimeout(() => server.closeAllConnections(), DRAIN_MS).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

try {
  main();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
}
