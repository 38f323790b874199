import { terminalLogger } from './logger.js';
import { startSandbox } from './start.js';

/** The `lianlian-sandbox` process: configured by the environment, stopped by SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const logger = terminalLogger(process.stdout);
  const running = await startSandbox(process.env, { logger });
  process.stdout.write(`LianLian sandbox listening on ${running.publicUrl} (dashboard ${running.publicUrl}/__sandbox/, key ${running.keySource}${running.dataFile ? `, data ${running.dataFile}` : ", data in memory"})\n`);
  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    void running.stop();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

try {
  await main();
} catch (err) {
  process.stderr.write(`lianlian-sandbox: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
