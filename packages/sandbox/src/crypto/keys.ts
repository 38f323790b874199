import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { SandboxConfigError } from '../errors.js';

/** Accepts an SPKI PEM or bare base64 SPKI DER (the two forms LianLian's dashboard hands out). */
export function parsePublicKey(text: string, label: string): KeyObject {
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('-----BEGIN')) return createPublicKey(trimmed);
    return createPublicKey({ key: Buffer.from(trimmed.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
  } catch (cause) {
    throw new SandboxConfigError(
      'public_key_invalid',
      `${label} is not an RSA public key. Give a "-----BEGIN PUBLIC KEY-----" PEM or the bare base64 SPKI text (one line, no header).`,
      { cause },
    );
  }
}

/** Accepts PKCS#1 or PKCS#8 PEM, or bare base64 PKCS#8 DER. */
export function parsePrivateKey(text: string, label: string): KeyObject {
  const trimmed = text.trim();
  try {
    const key = trimmed.startsWith('-----BEGIN')
      ? createPrivateKey(trimmed)
      : createPrivateKey({ key: Buffer.from(trimmed.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`key type ${String(key.asymmetricKeyType)}`);
    return key;
  } catch (cause) {
    throw new SandboxConfigError(
      'private_key_invalid',
      `${label} is not an RSA private key. Give a PKCS#1/PKCS#8 PEM or bare base64 PKCS#8 DER.`,
      { cause },
    );
  }
}

/** The SPKI public half as PEM and as LianLian's one-line base64 form. */
export function exportPublicKey(key: KeyObject): { pem: string; base64: string } {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const pem = pub.export({ format: 'pem', type: 'spki' }).toString();
  const base64 = pub.export({ format: 'der', type: 'spki' }).toString('base64');
  return { pem, base64 };
}
