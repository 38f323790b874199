import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { assertKeyPair, KitError, parsePrivateKey, parsePublicKey, type Signer, type Verifier } from '@lianlian-checkout/protocol';
import type { EnvReader } from './env.js';
import type { Mode } from './types.js';

/**
 * LianLian's published public key (spec §1): the same string in every official repository from
 * 2014 to 2024, and the default in live mode. Merchants may still configure "their" downloaded copy.
 */
export const LIANLIAN_PUBLISHED_PUBLIC_KEY =
  'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCSS/DiwdCf/aZsxxcacDnooGph3d2JOj5GXWi+q3gznZauZjkNP8SKl3J2liP0O6rU/Y/29+IUe+GTMhMOFJuZm1htAtKiu5ekW0GlBMWxf4FPkYlQkPE0FtaoMP3gYfh+OwI+fIRrpW3ySn3mScnc6Z700nU/VYrRkfcSCbSnRwIDAQAB';

export type PublicKeySource = 'configured' | 'published' | 'md5';

export interface LoadedKeys {
  signer: Signer;
  verifier: Verifier;
  merchantPublicKey: KeyObject | undefined;
  lianlianPublicKeySource: PublicKeySource;
}

export type ReadFile = (path: string) => Buffer;

export interface KeyMaterial {
  name: string;
  key: string | Uint8Array;
}

/** Reads `<NAME>_FILE` or `<NAME>`; a file that is not text (PKCS#12, DER) stays bytes. */
export function material(env: EnvReader, name: string, readFile: ReadFile): KeyMaterial | undefined {
  const path = env.path(`${name}_FILE`);
  const inline = env.get(name);
  if (path !== undefined && inline !== undefined) {
    env.problem(name, `either ${name}_FILE or ${name}, not both`, 'Remove one so it is clear which key is used.');
    return undefined;
  }
  if (inline !== undefined) return { name, key: inline };
  if (path === undefined) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFile(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    env.problem(`${name}_FILE`, 'a readable key file', `${path} could not be read (${reason}). Check the path and its permissions; relative paths are resolved from ${env.baseDir}.`);
    return undefined;
  }
  const isText = /^[\t\n\r\x20-\x7e]*$/.test(bytes.toString('latin1'));
  return { name: `${name}_FILE`, key: isText ? bytes.toString('utf8') : bytes };
}

function parse<T>(env: EnvReader, name: string, expected: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof KitError)) throw e;
    // The problem is already headed by the variable's name; don't repeat it as the message's label.
    env.problem(name, expected, e.message.startsWith(`${name}: `) ? e.message.slice(name.length + 2) : e.message);
    return undefined;
  }
}

function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ type: 'spki', format: 'der' }).equals(b.export({ type: 'spki', format: 'der' }));
}

function loadRsa(env: EnvReader, mode: Mode, readFile: ReadFile): LoadedKeys | undefined {
  const priv = material(env, 'LIANLIAN_PRIVATE_KEY', readFile);
  const passphrase = env.get('LIANLIAN_PRIVATE_KEY_PASSPHRASE');
  if (priv === undefined && env.get('LIANLIAN_PRIVATE_KEY_FILE') === undefined) {
    env.problem('LIANLIAN_PRIVATE_KEY', 'the merchant RSA private key (PEM, bare base64 PKCS#8, or LIANLIAN_PRIVATE_KEY_FILE)', 'Generate one with `lianlian-checkout keygen` and upload its public key to LianLian.');
  }
  const privateKey = priv && parse(env, priv.name, 'the merchant RSA private key', () => parsePrivateKey({ key: priv.key, label: priv.name, passphraseLabel: 'LIANLIAN_PRIVATE_KEY_PASSPHRASE', ...(passphrase ? { passphrase } : {}) }));

  const pub = material(env, 'LIANLIAN_PUBLIC_KEY', readFile);
  let source: PublicKeySource = 'configured';
  let publicKey: KeyObject | undefined;
  if (pub) {
    publicKey = parse(env, pub.name, "LianLian's RSA public key (SPKI PEM or bare base64)", () => parsePublicKey({ key: pub.key, label: pub.name }));
  } else if (mode === 'live') {
    source = 'published';
    publicKey = parsePublicKey({ key: LIANLIAN_PUBLISHED_PUBLIC_KEY, label: 'LianLian published public key' });
  } else if (env.get('LIANLIAN_PUBLIC_KEY_FILE') === undefined) {
    env.problem('LIANLIAN_PUBLIC_KEY', "the public key of the LianLian you talk to (in sandbox mode: the sandbox's)", "Sandbox mode has no default: copy the sandbox's public key (see docs/server.md), or set LIANLIAN_MODE=live to use LianLian's published key.");
  }
  if (privateKey && publicKey && samePublicKey(createPublicKey(privateKey), publicKey)) {
    env.problem('LIANLIAN_PUBLIC_KEY', "LianLian's public key, not your own", "It is the public half of your merchant key. Download LianLian's key (llpay_public_key.pem) from the merchant dashboard.");
  }
  const merchantPublicKey = loadMerchantPublic(env, readFile, privateKey);
  if (!privateKey || !publicKey) return undefined;
  return { signer: { signType: 'RSA', privateKey, label: 'LIANLIAN_PRIVATE_KEY' }, verifier: { signType: 'RSA', publicKey, label: 'LIANLIAN_PUBLIC_KEY' }, merchantPublicKey, lianlianPublicKeySource: source };
}

/** Optional: the public key uploaded to LianLian, checked against the private key (`doctor`). */
function loadMerchantPublic(env: EnvReader, readFile: ReadFile, privateKey: KeyObject | undefined): KeyObject | undefined {
  const m = material(env, 'LIANLIAN_MERCHANT_PUBLIC_KEY', readFile);
  if (!m) return undefined;
  const key = parse(env, m.name, 'the public key you uploaded to LianLian', () => parsePublicKey({ key: m.key, label: m.name }));
  if (key && privateKey) {
    parse(env, m.name, 'the public half of LIANLIAN_PRIVATE_KEY', () => assertKeyPair(privateKey, key));
  }
  return key;
}

/** The signer and verifier, fixed by LIANLIAN_SIGN_TYPE; never chosen from a message. */
export function loadKeys(env: EnvReader, mode: Mode, readFile: ReadFile = (p) => readFileSync(p)): LoadedKeys | undefined {
  const signType = env.oneOf('LIANLIAN_SIGN_TYPE', ['RSA', 'MD5'] as const, 'RSA');
  if (signType === 'RSA') return loadRsa(env, mode, readFile);
  const md5Key = env.required('LIANLIAN_MD5_KEY', 'the MD5 key from the merchant dashboard', 'LIANLIAN_SIGN_TYPE=MD5 needs it; or use RSA (the default).');
  if (md5Key === undefined) return undefined;
  return {
    signer: { signType: 'MD5', md5Key, label: 'LIANLIAN_MD5_KEY' },
    verifier: { signType: 'MD5', md5Key, label: 'LIANLIAN_MD5_KEY' },
    merchantPublicKey: undefined,
    lianlianPublicKeySource: 'md5',
  };
}
