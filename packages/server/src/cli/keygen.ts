import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { ConfigError } from '@lianlian-checkout/protocol';

/**
 * `lianlian-checkout keygen`: a new merchant key pair in the forms LianLian's docs and demos ask
 * for (spec §2.1 "Key formats"): the private key as PKCS#8 PEM (for LIANLIAN_PRIVATE_KEY_FILE) and
 * as bare PKCS#8 base64 (Java/C# demos), the public key as bare base64 SPKI to paste into the
 * merchant dashboard, and as PEM. Every file is written with mode 0600 and never overwritten
 * unless asked.
 */
export type KeyBits = 1024 | 2048 | 4096;

export interface KeygenOptions {
  outDir: string;
  bits?: KeyBits;
  /** Replace existing files (otherwise an existing file is an error). */
  overwrite?: boolean;
}

export interface KeygenFile {
  path: string;
  description: string;
}

export interface KeygenResult {
  files: KeygenFile[];
  /** Bare base64 SPKI: what to paste into LianLian's merchant dashboard. */
  publicKeyBase64: string;
}

export const KEY_FILES = {
  privatePem: 'merchant_private_key.pem',
  privateBase64: 'merchant_private_key.pkcs8.b64',
  publicBase64: 'merchant_public_key.b64',
  publicPem: 'merchant_public_key.pem',
} as const;

function write(path: string, text: string, overwrite: boolean): void {
  try {
    writeFileSync(path, text, { mode: 0o600, flag: overwrite ? 'w' : 'wx' });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConfigError('key_file_exists', `${path} already exists; keygen never replaces a key silently. Choose another --out folder or pass --force.`, { cause });
    }
    throw cause;
  }
  // `mode` only applies to new files; an overwritten file keeps its old mode otherwise.
  chmodSync(path, 0o600);
}

export function keygen(options: KeygenOptions): KeygenResult {
  const bits = options.bits ?? 2048;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const privateDer = privateKey.export({ type: 'pkcs8', format: 'der' });
  const publicBase64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  mkdirSync(options.outDir, { recursive: true, mode: 0o700 });
  const files: [string, string, string][] = [
    [KEY_FILES.privatePem, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 'merchant private key, PKCS#8 PEM: set LIANLIAN_PRIVATE_KEY_FILE to this file'],
    [KEY_FILES.privateBase64, `${privateDer.toString('base64')}\n`, 'the same private key as bare PKCS#8 base64 (the form LianLian\'s Java/C# demos use)'],
    [KEY_FILES.publicBase64, `${publicBase64}\n`, 'merchant public key, bare base64: paste into LianLian\'s merchant dashboard'],
    [KEY_FILES.publicPem, publicKey.export({ type: 'spki', format: 'pem' }) as string, 'merchant public key, PEM: set LIANLIAN_MERCHANT_PUBLIC_KEY_FILE so doctor checks the pair'],
  ];
  const out: KeygenFile[] = [];
  for (const [name, text, description] of files) {
    const path = join(options.outDir, name);
    write(path, text, options.overwrite ?? false);
    out.push({ path, description });
  }
  return { files: out, publicKeyBase64: publicBase64 };
}
