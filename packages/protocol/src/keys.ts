import { createPrivateKey, createPublicKey, X509Certificate, sign, verify, type KeyObject } from 'node:crypto';
import { assertRsa, decodeBase64, derTruncated, passphraseHint, pemTruncated, truncated } from './key-checks.js';
import { KeyError } from './errors.js';
import { fromPkcs12, isPkcs12 } from './pkcs12.js';

export { keyBits, MIN_RSA_BITS } from './key-checks.js';

/**
 * Key parsing (spec §2.1 "Key formats"). Everything is parsed once, at startup, into `KeyObject`s.
 * Accepted private keys: PKCS#1/PKCS#8 PEM (optionally encrypted), bare base64 DER (PKCS#8 or
 * PKCS#1, with or without line breaks), PKCS#12 bytes. Public keys: SPKI PEM or bare base64, PKCS#1
 * public PEM, X.509 certificate PEM or DER.
 */
export interface PrivateKeyInput {
  /** PEM text, bare base64 text, or raw bytes (DER or PKCS#12). */
  key: string | Uint8Array;
  passphrase?: string;
  /** Human label used in error messages, e.g. the environment variable name. */
  label?: string;
  /** Where the caller takes the passphrase from, named in error messages (e.g. its variable). */
  passphraseLabel?: string;
}

export interface PublicKeyInput {
  key: string | Uint8Array;
  label?: string;
}

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----/;

/**
 * The key's label (`fallback` unless the input names one) and its source: a PEM text and its
 * block's kind ("PRIVATE KEY", "CERTIFICATE", …), or DER bytes (raw, or base64 text).
 */
function keySource(input: { key: string | Uint8Array; label?: string }, fallback: string): { label: string; source: { pem: string; kind: string } | { der: Buffer } } {
  const label = input.label ?? fallback;
  const text = typeof input.key === 'string' ? input.key.trim() : undefined;
  if (text !== undefined && PEM.test(text)) return { label, source: { pem: text, kind: PEM.exec(text)?.[1] ?? '' } };
  return { label, source: { der: text !== undefined ? decodeBase64(text, label) : Buffer.from(input.key as Uint8Array) } };
}

export function parsePrivateKey(input: PrivateKeyInput): KeyObject {
  const { label, source } = keySource(input, 'private key');
  let key: KeyObject;
  if ('pem' in source) {
    const { pem: text, kind } = source;
    if (kind.includes('PUBLIC') || kind === 'CERTIFICATE') {
      throw new KeyError('key_not_private', `${label}: a ${kind.toLowerCase()} was given where the merchant private key is needed.`);
    }
    key = privateFromPem(text, input, label);
  } else {
    key = privateFromDer(source.der, input, label);
  }
  assertRsa(key, label);
  return key;
}

export function parsePublicKey(input: PublicKeyInput): KeyObject {
  const { label, source } = keySource(input, 'public key');
  let key: KeyObject;
  if ('pem' in source) {
    const { pem: text, kind } = source;
    if (kind.includes('PRIVATE')) {
      throw new KeyError(
        'key_not_public',
        `${label}: a private key was given where a public key is needed. Use LianLian's public key (llpay_public_key.pem) here, never a private key.`,
      );
    }
    try {
      key = kind === 'CERTIFICATE' ? new X509Certificate(text).publicKey : createPublicKey(text);
    } catch (cause) {
      if (pemTruncated(text)) throw truncated(label);
      throw new KeyError('key_unreadable', `${label}: the ${kind} PEM block could not be read; it may have been edited.`, { cause });
    }
  } else {
    key = publicFromDer(source.der, label);
  }
  assertRsa(key, label);
  return key;
}

/** Throws `key_pair_mismatch` unless the private key signs what the public key verifies. */
export function assertKeyPair(privateKey: KeyObject, publicKey: KeyObject): void {
  const probe = Buffer.from('lianlian-checkout key pair probe', 'utf8');
  if (!verify('md5', probe, publicKey, sign('md5', probe, privateKey))) {
    throw new KeyError('key_pair_mismatch', 'The private key and the public key are not a pair: the public key uploaded to LianLian must be the one made with this private key.');
  }
}

function privateFromPem(pem: string, input: PrivateKeyInput, label: string): KeyObject {
  const { passphrase } = input;
  const encrypted = /ENCRYPTED/.test(pem);
  if (encrypted && !passphrase) {
    throw new KeyError('key_passphrase_required', `${label} is encrypted; ${passphraseHint(input.passphraseLabel)}.`);
  }
  try {
    return createPrivateKey(passphrase ? { key: pem, format: 'pem', passphrase } : { key: pem, format: 'pem' });
  } catch (cause) {
    if (pemTruncated(pem)) throw truncated(label);
    if (encrypted) throw new KeyError('key_wrong_passphrase', `${label}: the passphrase does not decrypt this key.`, { cause });
    throw new KeyError('key_unreadable', `${label}: the PEM block could not be read; it may have been edited.`, { cause });
  }
}

function privateFromDer(der: Buffer, input: PrivateKeyInput, label: string): KeyObject {
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type });
    } catch {
      // not this encoding; try the next one
    }
  }
  if (looksLikePublic(der)) {
    throw new KeyError('key_not_private', `${label}: a public key was given where the merchant private key is needed.`);
  }
  if (isPkcs12(der)) return fromPkcs12(der, input, label);
  if (derTruncated(der)) throw truncated(label);
  throw new KeyError(
    'key_unreadable',
    `${label}: not a PKCS#8, PKCS#1 or PKCS#12 key. The base64 may be truncated; copy the whole key (LianLian's Java demos use bare PKCS#8 base64).`,
  );
}

function publicFromDer(der: Buffer, label: string): KeyObject {
  // Checked first: createPublicKey() happily derives a public key from a private one, which would
  // hide a merchant private key pasted where LianLian's public key belongs.
  if (looksLikePrivate(der)) {
    throw new KeyError('key_not_public', `${label}: a private key was given where a public key is needed. Use LianLian's public key (llpay_public_key.pem) here, never a private key.`);
  }
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      return createPublicKey({ key: der, format: 'der', type });
    } catch {
      // not this encoding; try the next one
    }
  }
  try {
    return new X509Certificate(der).publicKey;
  } catch {
    // not a certificate either
  }
  if (derTruncated(der)) throw truncated(label);
  throw new KeyError('key_unreadable', `${label}: not an SPKI public key or X.509 certificate. Paste the key exactly as downloaded.`);
}

function looksLikePrivate(der: Buffer): boolean {
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      createPrivateKey({ key: der, format: 'der', type });
      return true;
    } catch {
      // not this encoding
    }
  }
  return false;
}

function looksLikePublic(der: Buffer): boolean {
  try {
    createPublicKey({ key: der, format: 'der', type: 'spki' });
    return true;
  } catch {
    return false;
  }
}

