import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, terminalLogger } from '@lianlian-checkout/sandbox';
import { formatProblems, InvalidConfigError, startServer } from '@lianlian-checkout/server';
import { createShopApp } from './shop.js';
import { prepareDemo } from './setup.js';

/**
 * `pnpm start`: the sandbox (LianLian), the signing server and the demo shop, each on its own origin
 * as in a real deployment, configured only through the public environment variables. Ctrl-C stops all.
 */
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const env = process.env;
const host = '127.0.0.1';
const ports = {
  shop: Number(env.SHOP_PORT ?? 3000),
  server: Number(env.PORT ?? 4000),
  sandbox: Number(env.SANDBOX_PORT ?? 4100),
};
const origins = {
  shop: `http://${host}:${ports.shop}`,
  server: `http://${host}:${ports.server}`,
  sandbox: `http://${host}:${ports.sandbox}`,
};
const dataDir = resolve(root, env.DEMO_DATA_DIR ?? 'data/demo');
const secrets = prepareDemo(dataDir, env.DEMO_FRESH === '1');
const shopOrigins = [origins.shop, `http://localhost:${ports.shop}`];

const merchantsFile = join(dataDir, 'sandbox-merchants.json');
writeFileSync(
  merchantsFile,
  JSON.stringify([
    {
      oid_partner: secrets.oidPartner,
      public_key_file: secrets.merchantPublicKeyFile,
      products: ['web', 'aggregate', 'easypay', 'h5', 'h5_quickpay'],
      domains: shopOrigins,
    },
  ], null, 2),
);

let stopping = false;
/** What has started, in start order; stopped in reverse: shop, signing server, then LianLian. */
const running: Array<() => Promise<void>> = [];
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const stopOne of running.reverse()) await stopOne().catch((error: unknown) => console.error(`[demo] stopping: ${String(error)}`));
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

/**
 * Both start through their packages' public APIs (`startSandbox`, `startServer`), the functions
 * behind the `lianlian-sandbox` and `lianlian-checkout serve` commands, in this process. In the
 * workspace they resolve to the TypeScript sources, so no build is needed.
 */
try {
  const sandbox = await startSandbox({
    SANDBOX_PORT: String(ports.sandbox),
    SANDBOX_HOST: host,
    SANDBOX_PUBLIC_URL: origins.sandbox,
    SANDBOX_PRIVATE_KEY_FILE: secrets.lianlianPrivateKeyFile,
    SANDBOX_MERCHANTS_FILE: merchantsFile,
    SANDBOX_DATA_DIR: join(dataDir, 'sandbox'),
    // Pending orders and registered merchants survive a restart, so the reconciler's queries still find them.
    SANDBOX_DATA_FILE: env.SANDBOX_DATA_FILE ?? join(dataDir, 'sandbox', 'sandbox.db'),
    SANDBOX_TIME_SCALE: env.SANDBOX_TIME_SCALE ?? '1',
  }, { logger: terminalLogger(process.stdout) });
  running.push(() => sandbox.stop());
  const server = await startServer({
    LIANLIAN_MODE: 'sandbox',
    LIANLIAN_OID_PARTNER: secrets.oidPartner,
    LIANLIAN_PRIVATE_KEY_FILE: secrets.merchantPrivateKeyFile,
    LIANLIAN_PUBLIC_KEY_FILE: secrets.lianlianPublicKeyFile,
    LIANLIAN_GATEWAY_URL: origins.sandbox,
    LIANLIAN_PRODUCTS: 'web,aggregate,easypay,h5,h5_quickpay',
    PUBLIC_URL: origins.server,
    ALLOWED_ORIGINS: shopOrigins.join(','),
    SHOP_API_KEY: secrets.shopApiKey,
    SHOP_RETURN_URL: `${origins.shop}/orders/{no_order}?status={status}`,
    SHOP_WEBHOOK_URL: `${origins.shop}/webhooks/lianlian`,
    SHOP_WEBHOOK_SECRET: secrets.webhookSecret,
    DATABASE_URL: `sqlite:${join(dataDir, 'db', 'lianlian-checkout.db')}`,
    LEDGER_DATA_KEY_FILE: secrets.ledgerDataKeyFile,
    PORT: String(ports.server),
    HOST: host,
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
  });
  running.push(() => server.stop('demo stopping'));
} catch (error) {
  console.error(error instanceof InvalidConfigError ? formatProblems(error.problems) : `[demo] could not start: ${String(error)}`);
  await stop(1);
}

const shop = createShopApp({
  serverApiUrl: origins.server,
  serverPublicUrl: origins.server,
  sandboxOrigin: origins.sandbox,
  shopApiKey: secrets.shopApiKey,
  webhookSecret: secrets.webhookSecret,
});
const shopServer: Server = shop.listen(ports.shop, host, () => {
  console.log(`\n  lianlian-checkout demo is running:\n
    shop             ${origins.shop}   <- open this
    signing server   ${origins.server}
    sandbox          ${origins.sandbox}/__sandbox/  (LianLian stand-in and its dashboard)\n
  Ctrl-C stops all three.\n`);
});
running.push(() => new Promise<void>((resolve) => {
  shopServer.close(() => resolve());
  shopServer.closeAllConnections();
}));
