import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { loadConfig } from './config.js';
import { silentLogger, type SandboxLogger } from './logger.js';
import { createSandbox, type Sandbox } from './sandbox.js';

/** How long `stop` waits for open connections before closing them. */
const DRAIN_MS = 5_000;

export type SandboxEnv = Readonly<Record<string, string | undefined>>;

export interface StartSandboxOptions {
  /** Default: silent. `lianlian-sandbox` passes `jsonLineLogger` (one JSON object per line on stdout). */
  logger?: SandboxLogger;
}

export interface RunningSandbox {
  /** Where it listens, with the bound port (also when `SANDBOX_PORT=0`). */
  readonly url: string;
  /** `SANDBOX_PUBLIC_URL`: the base URL merchants use, shown on the dashboard. */
  readonly publicUrl: string;
  /** Where LianLian's private key came from (a file, or generated into `SANDBOX_DATA_DIR`); never the key. */
  readonly keySource: string;
  /** `SANDBOX_DATA_FILE`, resolved; undefined when the sandbox keeps its state in memory only. */
  readonly dataFile: string | undefined;
  readonly sandbox: Sandbox;
  /** Stops the retry timers and the server; open connections get 5 s, then are closed. */
  stop(): Promise<void>;
}

/**
 * Starts the sandbox from the environment variables that docs/sandbox.md lists (`SANDBOX_PORT`,
 * `SANDBOX_MERCHANTS_FILE`, …), as the `lianlian-sandbox` command does. Throws `SandboxConfigError`
 * listing every problem of a bad configuration, or the listen error (e.g. `EADDRINUSE`).
 */
export async function startSandbox(env: SandboxEnv, options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const config = loadConfig(env);
  const sandbox = createSandbox({
    privateKeyPem: config.privateKeyPem, merchants: config.merchants, timeScale: config.timeScale,
    publicUrl: config.publicUrl, logger: options.logger ?? silentLogger, amountFormat: config.amountFormat,
    ...(config.dataFile === undefined ? {} : { dataFile: config.dataFile }),
  });
  const server = sandbox.app.listen(config.port, config.host);
  try {
    // Rejects with the listen error (EADDRINUSE …) when 'error' comes first.
    await once(server, 'listening');
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    publicUrl: config.publicUrl,
    keySource: config.privateKeySource,
    dataFile: config.dataFile,
    sandbox,
    stop: async () => {
      await sandbox.close();
      const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
      cut.unref();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      clearTimeout(cut);
    },
  };
}
