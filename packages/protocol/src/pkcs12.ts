import { createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { KeyError } from './errors.js';
import { passphraseHint } from './key-checks.js';

/**
 * PKCS#12 (.p12/.pfx) import, the one thing Node's crypto cannot read. node-forge is slow, but it
 * runs once at startup and never on the signing path (toolchain.md).
 */
export function isPkcs12(der: Buffer): boolean {
  try {
    forge.pkcs12.pkcs12FromAsn1(toAsn1(der), false, '');
    return true;
  } catch (e) {
    return /MAC|password|Invalid password/i.test(String(e));
  }
}

export function fromPkcs12(der: Buffer, input: { passphrase?: string; passphraseLabel?: string }, label: string): KeyObject {
  const { passphrase, passphraseLabel } = input;
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(toAsn1(der), passphrase ?? '');
  } catch (cause) {
    if (passphrase === undefined) {
      throw new KeyError('key_passphrase_required', `${label} is a PKCS#12 file protected by a password; ${passphraseHint(passphraseLabel)}.`, { cause });
    }
    throw new KeyError('key_wrong_passphrase', `${label}: the PKCS#12 file could not be opened with the given ${passphraseLabel ?? 'passphrase'}.`, { cause });
  }
  const bags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const forgeKey = bags.find((b) => b.key)?.key;
  if (!forgeKey) throw new KeyError('key_not_found', `${label}: the PKCS#12 file holds no private key; export it again including the private key.`);
  return createPrivateKey(forge.pki.privateKeyToPem(forgeKey));
}

function toAsn1(der: Buffer): forge.asn1.Asn1 {
  return forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
}
