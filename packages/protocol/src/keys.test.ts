import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyError, assertKeyPair, keyBits, parsePrivateKey, parsePublicKey, signFields, verifyFields, type PrivateKeyInput } from './index.js';

// Keys are generated at test time (never committed); RSA generation is the slow part, so once per file.
let priv: KeyObject;
let pub: KeyObject;
let other: { privateKey: KeyObject; publicKey: KeyObject };
let certPem: string;
let p12: Buffer;

const FIELDS = { oid_partner: '201304121000001004', no_order: 'ORD1', money_order: '0.01', name_goods: '测试商品' };

function makeCertificateAndP12(): void {
  const forgePriv = forge.pki.privateKeyFromPem(priv.export({ type: 'pkcs1', format: 'pem' }) as string);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pub.export({ type: 'spki', format: 'pem' }) as string);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date('2024-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2034-01-01T00:00:00Z');
  const subject = [{ name: 'commonName', value: 'lianlian-checkout test only' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(forgePriv, forge.md.sha256.create());
  certPem = forge.pki.certificateToPem(cert);
  const asn1 = forge.pkcs12.toPkcs12Asn1(forgePriv, [cert], 'p12-pass', { algorithm: '3des' });
  p12 = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

beforeAll(() => {
  ({ privateKey: priv, publicKey: pub } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
  other = generateKeyPairSync('rsa', { modulusLength: 1024 });
  makeCertificateAndP12();
});

const lines = (b64: string, eol: string): string => (b64.match(/.{1,64}/g) ?? []).join(eol);
const der = (key: KeyObject, type: 'pkcs8' | 'pkcs1' | 'spki'): string =>
  (key.export({ type, format: 'der' } as never) as Buffer).toString('base64');

function expectRoundTrip(privateInput: PrivateKeyInput, publicKey: KeyObject = pub): void {
  const parsed = parsePrivateKey(privateInput);
  expect(parsed.export({ type: 'pkcs8', format: 'der' })).toEqual(priv.export({ type: 'pkcs8', format: 'der' }));
  const signed = signFields(FIELDS, { signType: 'RSA', privateKey: parsed });
  expect(() => verifyFields(signed, { signType: 'RSA', publicKey })).not.toThrow();
  expect(() => verifyFields({ ...signed, money_order: '0.02' }, { signType: 'RSA', publicKey })).toThrow(/does not match/);
}

describe('private key formats round-trip (sign → verify)', () => {
  it('PKCS#1 PEM', () => expectRoundTrip({ key: priv.export({ type: 'pkcs1', format: 'pem' }) }));
  it('PKCS#8 PEM', () => expectRoundTrip({ key: priv.export({ type: 'pkcs8', format: 'pem' }) }));
  it('encrypted PKCS#8 PEM with its passphrase', () => {
    const pem = priv.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }) as string;
    expect(pem).toContain('ENCRYPTED');
    expectRoundTrip({ key: pem, passphrase: 'correct horse' });
  });
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    it(`bare base64 DER ${type}: one line, LF lines, CRLF lines`, () => {
      expectRoundTrip({ key: der(priv, type) });
      expectRoundTrip({ key: lines(der(priv, type), '\n') });
      expectRoundTrip({ key: `${lines(der(priv, type), '\r\n')}\r\n` });
    });
  }
  it('DER bytes', () => expectRoundTrip({ key: priv.export({ type: 'pkcs8', format: 'der' }) }));
  it('PKCS#12 bytes (node-forge) with its passphrase, also as base64', () => {
    expectRoundTrip({ key: p12, passphrase: 'p12-pass' });
    expectRoundTrip({ key: p12.toString('base64'), passphrase: 'p12-pass' });
  });
});

describe('public key formats verify what the private key signed', () => {
  it('SPKI PEM', () => expectRoundTrip({ key: der(priv, 'pkcs8') }, parsePublicKey({ key: pub.export({ type: 'spki', format: 'pem' }) })));
  it('SPKI bare base64, one line and with CRLF breaks', () => {
    expectRoundTrip({ key: der(priv, 'pkcs8') }, parsePublicKey({ key: der(pub, 'spki') }));
    expectRoundTrip({ key: der(priv, 'pkcs8') }, parsePublicKey({ key: lines(der(pub, 'spki'), '\r\n') }));
  });
  it('PKCS#1 public PEM', () => expectRoundTrip({ key: der(priv, 'pkcs8') }, parsePublicKey({ key: pub.export({ type: 'pkcs1', format: 'pem' }) })));
  it('X.509 certificate PEM (node-forge)', () => {
    expect(certPem).toContain('BEGIN CERTIFICATE');
    expectRoundTrip({ key: der(priv, 'pkcs8') }, parsePublicKey({ key: certPem }));
  });
});

function keyErrorOf(fn: () => unknown): KeyError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KeyError);
    return e as KeyError;
  }
  throw new Error('expected a KeyError');
}

function codeOf(fn: () => unknown): string {
  return keyErrorOf(fn).code;
}

describe('each bad key has its own error code', () => {
  it('public key given as the private key (PEM, base64, certificate)', () => {
    expect(codeOf(() => parsePrivateKey({ key: pub.export({ type: 'spki', format: 'pem' }) }))).toBe('key_not_private');
    expect(codeOf(() => parsePrivateKey({ key: der(pub, 'spki') }))).toBe('key_not_private');
    expect(codeOf(() => parsePrivateKey({ key: certPem }))).toBe('key_not_private');
  });
  it('private key given as the public key (PEM and base64)', () => {
    expect(codeOf(() => parsePublicKey({ key: priv.export({ type: 'pkcs8', format: 'pem' }) }))).toBe('key_not_public');
    expect(codeOf(() => parsePublicKey({ key: der(priv, 'pkcs8') }))).toBe('key_not_public');
    expect(codeOf(() => parsePublicKey({ key: der(priv, 'pkcs1') }))).toBe('key_not_public');
  });
  it('truncated base64 and PEM', () => {
    const b64 = der(priv, 'pkcs8');
    expect(codeOf(() => parsePrivateKey({ key: b64.slice(0, 401) }))).toBe('key_truncated');
    expect(codeOf(() => parsePrivateKey({ key: b64.slice(0, 400) }))).toBe('key_truncated');
    expect(codeOf(() => parsePublicKey({ key: der(pub, 'spki').slice(0, 200) }))).toBe('key_truncated');
    const pem = priv.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(codeOf(() => parsePrivateKey({ key: pem.slice(0, 600) }))).toBe('key_truncated');
  });
  it('wrong or missing passphrase (encrypted PEM and PKCS#12)', () => {
    const pem = priv.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right' }) as string;
    expect(codeOf(() => parsePrivateKey({ key: pem, passphrase: 'wrong' }))).toBe('key_wrong_passphrase');
    expect(codeOf(() => parsePrivateKey({ key: pem }))).toBe('key_passphrase_required');
    expect(codeOf(() => parsePrivateKey({ key: p12, passphrase: 'wrong' }))).toBe('key_wrong_passphrase');
    expect(codeOf(() => parsePrivateKey({ key: p12 }))).toBe('key_passphrase_required');
  });
  it('a key shorter than 1024 bits', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 512 });
    expect(codeOf(() => parsePrivateKey({ key: small.privateKey.export({ type: 'pkcs8', format: 'pem' }) }))).toBe('key_too_short');
    expect(codeOf(() => parsePublicKey({ key: der(small.publicKey, 'spki') }))).toBe('key_too_short');
    expect(keyBits(priv)).toBe(2048);
  });
  it('a private and a public key that are not a pair', () => {
    expect(codeOf(() => assertKeyPair(priv, other.publicKey))).toBe('key_pair_mismatch');
    expect(() => assertKeyPair(priv, pub)).not.toThrow();
  });
  it('not RSA, not base64, not a key at all', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(codeOf(() => parsePrivateKey({ key: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) }))).toBe('key_not_rsa');
    expect(codeOf(() => parsePrivateKey({ key: 'not a key!' }))).toBe('key_not_base64');
    // A text file of plain words is not "truncated base64": it is not a key.
    expect(codeOf(() => parsePrivateKey({ key: 'hello world\n' }))).toBe('key_not_base64');
    expect(() => parsePublicKey({ key: 'hello world\n', label: 'LIANLIAN_PUBLIC_KEY_FILE' })).toThrow(/^LIANLIAN_PUBLIC_KEY_FILE: not a key\./);
    expect(codeOf(() => parsePrivateKey({ key: Buffer.alloc(96, 7).toString('base64') }))).toBe('key_unreadable');
  });
  it('messages name the label and never contain key material', () => {
    const b64 = der(priv, 'pkcs8');
    const { message } = keyErrorOf(() => parsePrivateKey({ key: b64.slice(0, 401), label: 'SHOP_PRIVATE_KEY' }));
    expect(message).toMatch(/^SHOP_PRIVATE_KEY: /);
    expect(message).not.toContain(b64.slice(40, 80));
  });
  it('a missing passphrase is asked for by the name the caller gives it, or generically', () => {
    const pem = priv.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right' }) as string;
    expect(keyErrorOf(() => parsePrivateKey({ key: pem, label: 'SHOP_KEY', passphraseLabel: 'SHOP_KEY_PASSPHRASE' })).message).toBe('SHOP_KEY is encrypted; set SHOP_KEY_PASSPHRASE.');
    expect(keyErrorOf(() => parsePrivateKey({ key: pem })).message).toBe('private key is encrypted; pass its passphrase.');
    expect(keyErrorOf(() => parsePrivateKey({ key: p12, label: 'SHOP_KEY', passphraseLabel: 'SHOP_KEY_PASSPHRASE' })).message).toBe('SHOP_KEY is a PKCS#12 file protected by a password; set SHOP_KEY_PASSPHRASE.');
  });
});
