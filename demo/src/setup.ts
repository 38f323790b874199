import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * First-run set-up for the demo: key pairs for the merchant and for the sandbox's "LianLian", the
 * shop's API key and webhook secret, and the ledger's data key, all generated into a git-ignored
 * folder and reused afterwards.
 * Nothing here is a real secret; real deployments bring their own keys (docs/go-live.md).
 */
export interface DemoSecrets {
  oidPartner: string;
  shopApiKey: string;
  webhookSecret: string;
  merchantPrivateKeyFile: string;
  merchantPublicKeyFile: string;
  lianlianPrivateKeyFile: string;
  lianlianPublicKeyFile: string;
  /** LEDGER_DATA_KEY_FILE: the key sealing buyers' personal data in the demo's ledger. */
  ledgerDataKeyFile: string;
}

/** A made-up 18-digit merchant id: the sandbox knows it; LianLian does not. */
export const DEMO_OID_PARTNER = '202611250000000001';

function writeSecret(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function ensureKeyPair(dir: string, name: string): { privateFile: string; publicFile: string } {
  const privateFile = join(dir, `${name}-private.pem`);
  const publicFile = join(dir, `${name}-public.pem`);
  if (!existsSync(privateFile) || !existsSync(publicFile)) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeSecret(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  }
  return { privateFile, publicFile };
}

/** A data key in LEDGER_DATA_KEY's form, `<id>:<base64 of 32 bytes>`, made once. */
function ensureDataKey(dir: string): string {
  const file = join(dir, 'ledger-data-key');
  if (!existsSync(file)) writeSecret(file, `demo1:${randomBytes(32).toString('base64')}\n`);
  return file;
}

export function prepareDemo(dataDir: string, fresh: boolean): DemoSecrets {
  const dir = resolve(dataDir);
  const keyDir = join(dir, 'keys');
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  if (fresh) {
    rmSync(join(dir, 'db'), { recursive: true, force: true });
    // The sandbox's orders and the notifications it is still resending belong to that ledger: they go too.
    for (const file of ['sandbox.db', 'sandbox.db-wal', 'sandbox.db-shm']) rmSync(join(dir, 'sandbox', file), { force: true });
  }
  mkdirSync(join(dir, 'db'), { recursive: true, mode: 0o700 });
  const merchant = ensureKeyPair(keyDir, 'merchant');
  const lianlian = ensureKeyPair(keyDir, 'sandbox-lianlian');
  const secretsFile = join(keyDir, 'demo-secrets.json');
  let stored: { shopApiKey: string; webhookSecret: string };
  if (existsSync(secretsFile)) {
    stored = JSON.parse(readFileSync(secretsFile, 'utf8')) as typeof stored;
  } else {
    stored = { shopApiKey: randomBytes(24).toString('base64url'), webhookSecret: randomBytes(32).toString('base64url') };
    writeSecret(secretsFile, JSON.stringify(stored, null, 2));
  }
  return {
    oidPartner: DEMO_OID_PARTNER,
    shopApiKey: stored.shopApiKey,
    webhookSecret: stored.webhookSecret,
    merchantPrivateKeyFile: merchant.privateFile,
    merchantPublicKeyFile: merchant.publicFile,
    lianlianPrivateKeyFile: lianlian.privateFile,
    lianlianPublicKeyFile: lianlian.publicFile,
    ledgerDataKeyFile: ensureDataKey(keyDir),
  };
}
