import type { KeyObject } from 'node:crypto';
import { KeyError } from './errors.js';

/** Checks shared by key parsing (keys.ts): size, algorithm, base64 and truncation. */

export const MIN_RSA_BITS = 1024;

/**
 * A key cut off while copying gets its own error (`key_truncated`) instead of "unreadable": its DER
 * SEQUENCE declares a length that runs past the end of the data.
 */
export function derTruncated(der: Uint8Array): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false;
  const first = der[1] ?? 0;
  if (first < 0x80) return 2 + first > der.length;
  const n = first & 0x7f;
  if (n === 0 || n > 4) return false; // indefinite or absurd lengths: not a key at all, not a cut one
  if (der.length < 2 + n) return true;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + (der[2 + i] ?? 0);
  return 2 + n + length > der.length;
}

/** A PEM without its END line, or whose DER is shorter than its own header says. */
export function pemTruncated(pem: string): boolean {
  if (!/-----END [A-Z0-9 ]+-----/.test(pem)) return true;
  const body = pem
    .replace(/-----[A-Z0-9 ]+-----/g, '')
    .replace(/^[A-Za-z-]+:.*$/gm, '') // legacy encrypted PEM headers (Proc-Type, DEK-Info)
    .replace(/\s+/g, '');
  return derTruncated(Buffer.from(body, 'base64'));
}

export function keyBits(key: KeyObject): number {
  return key.asymmetricKeyDetails?.modulusLength ?? 0;
}

export function truncated(label: string, detail = 'the key data ends before its own length header says it should'): KeyError {
  return new KeyError('key_truncated', `${label}: ${detail}; it looks truncated. Copy the whole key, from the first to the last character.`);
}

export function decodeBase64(text: string, label: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new KeyError('key_not_base64', `${label}: expected PEM or bare base64; found other characters. Paste the key exactly as downloaded.`);
  }
  // Every key's DER is a SEQUENCE (tag 0x30), so its base64 starts with "M". Odd-length text that
  // does not (a hello-world file, a password) is not a key at all rather than a truncated one.
  if (compact.length % 4 !== 0 && !compact.startsWith('M')) {
    throw new KeyError('key_not_base64', `${label}: not a key. A key is PEM (-----BEGIN …) or bare base64 starting with "M" (usually "MII"); this text is neither. Check that the right file or value is given.`);
  }
  if (compact.length % 4 !== 0) {
    throw truncated(label, `the base64 text has ${compact.length} characters, not a multiple of 4`);
  }
  return Buffer.from(compact, 'base64');
}

export function assertRsa(key: KeyObject, label: string): void {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new KeyError('key_not_rsa', `${label}: LianLian uses RSA keys; this is ${key.asymmetricKeyType ?? 'not an asymmetric key'}.`);
  }
  const bits = keyBits(key);
  if (bits < MIN_RSA_BITS) {
    throw new KeyError('key_too_short', `${label}: ${bits}-bit RSA is too short; LianLian requires at least ${MIN_RSA_BITS} bits (2048 recommended).`);
  }
}

/** How to supply a key's passphrase, for error messages: the caller's name for it, when given. */
export function passphraseHint(passphraseLabel: string | undefined): string {
  return passphraseLabel === undefined ? 'pass its passphrase' : `set ${passphraseLabel}`;
}
