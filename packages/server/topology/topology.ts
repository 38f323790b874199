import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureNginx, selfSignedCertificate, startNginx, type Nginx } from './nginx.js';
import { startSandbox, startServer, type Proc } from './processes.js';
import { startShopReceiver, type ShopReceiver } from './shop.js';

/**
 * The deployment of docs/deploy.md on one machine: nginx (TLS, X-Forwarded-For) in front of three
 * `lianlian-checkout serve` processes on one PostgreSQL database and one Redis, the sandbox as
 * LianLian (it trusts the test certificate, as LianLian trusts a real one), and the shop's webhook
 * receiver. Ports come from 20000 + 100 × E2E_PORT_OFFSET + 50 … 55, so checkouts side by side
 * do not collide.
 */
export const OID_PARTNER = '202611290000000017';
export const INSTANCES = 3;

export interface TopologyOptions {
  databaseUrl: string;
  redisUrl: string;
  /** RATE_LIMIT_PER_MINUTE of every instance: the per-address checkout budget. */
  checkoutBudget: number;
}

export interface Topology {
  nginx: Nginx;
  /** PEM of the test certificate, for clients that call nginx. */
  ca: string;
  sandbox: string;
  shopOrigin: string;
  apiKey: string;
  shop: ShopReceiver;
  /** The ledger database of this run (dropped by stop()). */
  databaseUrl: string;
  instances: Proc[];
  /** kill -9 instance `i`, then start it again on the same port. */
  crash(i: number): Promise<void>;
  stop(): Promise<void>;
}

function basePort(): number {
  const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > 400) throw new Error(`E2E_PORT_OFFSET must be a whole number 0–400; got "${process.env.E2E_PORT_OFFSET ?? ''}".`);
  return 20_000 + 100 * offset + 50;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database of its own for this run: `serve` takes DATABASE_URL only, as in production. */
async function createDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `topology_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  return { url: own.toString(), drop: () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function writeKeys(dir: string): { privateKey: string; publicKey: string } {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKey = join(dir, 'merchant_private_key.pem');
  const publicKey = join(dir, 'merchant_public_key.pem');
  writeFileSync(privateKey, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(publicKey, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  return { privateKey, publicKey };
}

export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const nginxBinary = ensureNginx();
  const base = basePort();
  const ports = { nginx: base, servers: [base + 1, base + 2, base + 3], sandbox: base + 4, shop: base + 5 };
  const dir = mkdtempSync(join(tmpdir(), 'topology-'));
  const shopOrigin = 'https://shop.example';
  const apiKey = randomBytes(24).toString('base64url');
  const webhookSecret = randomBytes(32).toString('base64url');
  const running: { stop(): Promise<void> }[] = [];
  const instances: Proc[] = [];
  const database = await createDatabase(options.databaseUrl);
  const stop = async (): Promise<void> => {
    for (const p of [...instances, ...running.reverse()]) await p.stop().catch(() => undefined);
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const tls = selfSignedCertificate(dir);
    const keys = writeKeys(dir);
    const sandboxUrl = `http://127.0.0.1:${ports.sandbox}`;
    writeFileSync(join(dir, 'merchants.json'), JSON.stringify([{ oid_partner: OID_PARTNER, public_key_file: keys.publicKey, products: ['web'], domains: [shopOrigin] }]));
    running.push(await startSandbox({
      SANDBOX_PORT: String(ports.sandbox), SANDBOX_DATA_DIR: join(dir, 'sandbox'), SANDBOX_MERCHANTS_FILE: join(dir, 'merchants.json'),
      // LianLian's 2-minute resend interval becomes 1.2 s; it reaches notify_url over https through nginx.
      SANDBOX_TIME_SCALE: '0.01', NODE_EXTRA_CA_CERTS: tls.cert,
    }));
    const shop = await startShopReceiver({ port: ports.shop, secret: webhookSecret });
    running.push(shop);
    const nginx = await startNginx(nginxBinary, { dir: join(dir), port: ports.nginx, upstreams: ports.servers.map((p) => `127.0.0.1:${p}`), tls });
    running.push(nginx);
    const env = (port: number): Record<string, string> => ({
      LIANLIAN_MODE: 'sandbox', LIANLIAN_OID_PARTNER: OID_PARTNER, LIANLIAN_GATEWAY_URL: sandboxUrl,
      LIANLIAN_PRIVATE_KEY_FILE: keys.privateKey, LIANLIAN_PUBLIC_KEY_FILE: join(dir, 'sandbox', 'lianlian-public-key.pem'),
      PUBLIC_URL: nginx.url, ALLOWED_ORIGINS: shopOrigin, SHOP_API_KEY: apiKey, SHOP_RETURN_URL: `${shopOrigin}/orders/{no_order}`,
      SHOP_WEBHOOK_URL: shop.url, SHOP_WEBHOOK_SECRET: webhookSecret,
      DATABASE_URL: database.url, REDIS_URL: options.redisUrl, PORT: String(port), HOST: '127.0.0.1',
      // nginx connects from 127.0.0.1: believe its X-Forwarded-For, and only its.
      TRUST_PROXY: '127.0.0.1', RATE_LIMIT_PER_MINUTE: String(options.checkoutBudget),
      // The sandbox (LianLian) also calls from 127.0.0.1; its notifications are not rate limited.
      LIANLIAN_NOTIFY_IP_ALLOWLIST: '127.0.0.1', LOG_LEVEL: 'warn',
    });
    const servers = ports.servers.map((port, i) => ({ name: `instance ${i + 1}`, env: env(port) }));
    instances.push(...(await Promise.all(servers.map((s) => startServer(s.name, s.env)))));
    return {
      nginx, ca: readFileSync(tls.cert, 'utf8'), sandbox: sandboxUrl, shopOrigin, apiKey, shop, databaseUrl: database.url, instances, stop,
      crash: async (i) => {
        await instances[i].kill9();
        instances[i] = await startServer(servers[i].name, servers[i].env);
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
