import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const children: ChildProcess[] = [];

function run(name: string, script: string, childEnv: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: { ...env, ...childEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[demo] ${name} exited (${signal ?? code}); stopping the demo.`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url: string, name: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`[demo] ${name} did not answer ${url} within ${timeoutMs / 1000}s`);
}

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.filter((c) => c.exitCode === null).map((c) => new Promise((r) => c.once('exit', r))));
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

run('sandbox', 'packages/sandbox/src/main.ts', {
  SANDBOX_PORT: String(ports.sandbox),
  SANDBOX_HOST: host,
  SANDBOX_PUBLIC_URL: origins.sandbox,
  SANDBOX_PRIVATE_KEY_FILE: secrets.lianlianPrivateKeyFile,
  SANDBOX_MERCHANTS_FILE: merchantsFile,
  SANDBOX_DATA_DIR: join(dataDir, 'sandbox'),
  SANDBOX_TIME_SCALE: env.SANDBOX_TIME_SCALE ?? '1',
});
run('signing server', 'packages/server/src/main.ts', {
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

try {
  await waitFor(`${origins.sandbox}/__sandbox/public-key`, 'sandbox');
  await waitFor(`${origins.server}/readyz`, 'signing server');
} catch (e) {
  console.error(String(e));
  await stop(1);
}

const shop = createShopApp({
  serverApiUrl: origins.server,
  serverPublicUrl: origins.server,
  sandboxOrigin: origins.sandbox,
  shopApiKey: secrets.shopApiKey,
  webhookSecret: secrets.webhookSecret,
});
shop.listen(ports.shop, host, () => {
  console.log(`\n  lianlian-checkout demo is running:\n
    shop             ${origins.shop}   <- open this
    signing server   ${origins.server}
    sandbox          ${origins.sandbox}/__sandbox/  (LianLian stand-in and its dashboard)\n
  Ctrl-C stops all three.\n`);
});
