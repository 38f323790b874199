import { createHash, sign as rsaSign, verify as rsaVerify, timingSafeEqual, type KeyObject } from 'node:crypto';
import { canonicalString, canonicalStringWithoutNullValues, isNullString, type CanonicalOptions, type Fields } from './canonical.js';
import { KeyError, SignatureError } from './errors.js';

/** `RSA` is MD5withRSA (PKCS#1 v1.5 over an MD5 digest, base64); `MD5` is md5hex(source + "&key=" + key). */
export type SignType = 'RSA' | 'MD5';

/** The caller's name for a key (e.g. the setting that holds it), named in error messages. */
interface KeyLabel {
  readonly label?: string;
}

export type Signer =
  | ({ readonly signType: 'RSA'; readonly privateKey: KeyObject } & KeyLabel)
  | ({ readonly signType: 'MD5'; readonly md5Key: string } & KeyLabel);

export type Verifier =
  | ({ readonly signType: 'RSA'; readonly publicKey: KeyObject } & KeyLabel)
  | ({ readonly signType: 'MD5'; readonly md5Key: string } & KeyLabel);

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MD5_HEX = /^[0-9a-fA-F]{32}$/;

function assertPrivate(signer: Signer & { signType: 'RSA' }): void {
  if (signer.privateKey.type !== 'private') {
    throw new KeyError(
      'key_not_private',
      `A public key was given where the merchant private key is needed to sign. Set ${signer.label ?? 'the signing key'} to your own private key.`,
    );
  }
}

/** Signs an already canonical source string (spec §2.1, §2.2). */
export function signSource(source: string, signer: Signer): string {
  if (signer.signType === 'MD5') {
    return createHash('md5').update(`${source}&key=${signer.md5Key}`, 'utf8').digest('hex');
  }
  assertPrivate(signer);
  return rsaSign('md5', Buffer.from(source, 'utf8'), signer.privateKey).toString('base64');
}

/**
 * `signSource` for servers: the RSA private-key operation runs on libuv's thread pool (node:crypto's
 * callback form), so the event loop keeps serving other requests while a 2048-bit signature is
 * computed. Same bytes as `signSource`. MD5 is a hash of a few hundred bytes and stays inline.
 */
export function signSourceAsync(source: string, signer: Signer): Promise<string> {
  if (signer.signType === 'MD5') return Promise.resolve(signSource(source, signer));
  // A throw inside the executor (a public key given) becomes the promise's rejection.
  return new Promise((resolve, reject) => {
    assertPrivate(signer);
    rsaSign('md5', Buffer.from(source, 'utf8'), signer.privateKey, (error, signature) => {
      if (error) reject(error);
      else resolve(signature.toString('base64'));
    });
  });
}

/** The fields to sign: non-empty values as strings, `sign`/`sign_type` replaced by the signer's. */
function unsignedFields(fields: Fields, signer: Signer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(fields)) {
    const v = fields[k];
    if (k === 'sign' || k === 'sign_type' || v === null || v === undefined) continue;
    const s = String(v);
    if (s === '') continue;
    // A field named `__proto__` must stay an own property; plain assignment would set the prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value: s, enumerable: true, writable: true, configurable: true });
    else out[k] = s;
  }
  out.sign_type = signer.signType;
  return out;
}

/**
 * Returns the fields LianLian expects: the input plus `sign_type` (which is itself signed) and `sign`.
 * Empty values are dropped from the result so what is sent is exactly what was signed.
 */
export function signFields(fields: Fields, signer: Signer): Record<string, string> {
  const out = unsignedFields(fields, signer);
  out.sign = signSource(canonicalString(out), signer);
  return out;
}

/** `signFields` with the RSA operation off the event loop (see `signSourceAsync`). Same result. */
export async function signFieldsAsync(fields: Fields, signer: Signer): Promise<Record<string, string>> {
  const out = unsignedFields(fields, signer);
  out.sign = await signSourceAsync(canonicalString(out), signer);
  return out;
}

export interface VerifyOptions extends CanonicalOptions {
  /** Attach the canonical string to the error for debugging. Never enable in production logs. */
  debug?: boolean;
}

/**
 * Which of LianLian's two canonical-string rules the signature matched (spec §8 #12, §9): `kept`
 * (2023 rule, a literal "null" is signed like any value) or `dropped` (2013/2018 `LLPayUtil`: "null"
 * values are left out of the signed string).
 */
export type NullRule = 'kept' | 'dropped';

export interface VerifiedFields {
  /**
   * The fields the signature covers, as strings: every received field (the `exclude`d ones too,
   * and `sign`), except that under the `dropped` rule the "null" values are removed, because
   * LianLian did not sign them and, in its 2013/2018 code, they mean "no value".
   */
  fields: Record<string, string>;
  nullRule: NullRule;
}

/**
 * Verifies LianLian's signature over every received field except `sign` (and `options.exclude`).
 * The algorithm comes from the verifier (configuration), never from the message's `sign_type`.
 * Throws a `SignatureError` saying why; returns the covered fields and the rule that matched.
 */
export function verifyFields(fields: unknown, verifier: Verifier, options: VerifyOptions = {}): VerifiedFields {
  const received = asFields(fields);
  const exclude = options.exclude === undefined ? {} : { exclude: options.exclude };
  const source = canonicalString(received, exclude);
  const extra = options.debug ? { sourceString: source } : {};
  const signature = signatureOf(received, verifier, extra);
  if (verifierAccepts(verifier, signature, source)) return { fields: received, nullRule: 'kept' };
  // House style forbids "try again without field X" fallbacks; this is the one exception, on
  // purpose (issue 13). LianLian's own verifiers disagree on the literal "null" (spec §8 #12): the
  // 2013/2018 Java LLPayUtil leaves it out of the signed string, the 2023 Java and the PHP code keep
  // it (spec §9), and we cannot know which code signed a message. So the exact string comes first,
  // and only a message that holds a literal "null" gets the second, 2013/2018 string. Either way it
  // is one signature over LianLian's own bytes; a "null" field it did not cover is removed from the
  // result, so nothing unsigned is acted on.
  const nulls = Object.keys(received).filter((k) => k !== 'sign' && !(options.exclude ?? []).includes(k) && isNullString(received[k]));
  if (nulls.length > 0 && verifierAccepts(verifier, signature, canonicalStringWithoutNullValues(received, exclude))) {
    return { fields: Object.fromEntries(Object.entries(received).filter(([k]) => !nulls.includes(k))), nullRule: 'dropped' };
  }
  throw new SignatureError(
    'signature_mismatch',
    verifier.signType === 'RSA'
      ? `The signature does not match the received fields. Check that ${verifier.label ?? 'the verifying key'} is LianLian's public key (not your merchant key), and that the body reached the verifier unmodified (raw bytes, not re-serialised).`
      : `The MD5 signature does not match the received fields. Check ${verifier.label ?? 'the MD5 key'} against the merchant dashboard, and that the body reached the verifier unmodified.`,
    extra,
  );
}

/** The `sign` to check, after the message's own claims: a signature is there, and of the configured type. */
function signatureOf(received: Record<string, string>, verifier: Verifier, extra: { sourceString?: string }): string {
  const signature = received.sign;
  if (signature === undefined || signature === '') {
    throw new SignatureError('signature_missing', 'The message has no `sign` field, so it cannot be trusted.', extra);
  }
  const declared = received.sign_type;
  if (declared !== undefined && declared !== '' && declared !== verifier.signType) {
    throw new SignatureError(
      'signature_type_mismatch',
      `The message says sign_type=${declared} but this server is configured for ${verifier.signType}. ` +
        'The algorithm is never taken from the message; configure the sign type LianLian enabled for your merchant.',
      extra,
    );
  }
  return signature;
}

function verifierAccepts(verifier: Verifier, sig: string, source: string): boolean {
  if (verifier.signType === 'MD5') {
    if (!MD5_HEX.test(sig)) throw malformed('a 32-character hex MD5 digest');
    const expected = Buffer.from(signSource(source, { signType: 'MD5', md5Key: verifier.md5Key }), 'utf8');
    const actual = Buffer.from(sig.toLowerCase(), 'utf8');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
  if (verifier.publicKey.type === 'private') {
    throw new KeyError(
      'key_not_public',
      `A private key was given where LianLian's public key is needed to verify. Set ${verifier.label ?? 'the verifying key'} to the key downloaded from LianLian's dashboard.`,
    );
  }
  if (!BASE64.test(sig)) throw malformed('standard base64');
  return rsaVerify('md5', Buffer.from(source, 'utf8'), verifier.publicKey, Buffer.from(sig, 'base64'));
}

function malformed(expected: string): SignatureError {
  return new SignatureError('signature_malformed', `The \`sign\` field is not ${expected}; it was damaged or URL-encoded on the way.`);
}

function asFields(value: unknown): Record<string, string> {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array || typeof value === 'string') {
    throw new SignatureError(
      'fields_expected',
      'verifyFields() needs the parsed fields object; raw bytes were given. Use verifyCallback() for a raw body, or parseCallback() first.',
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SignatureError('fields_expected', 'verifyFields() needs an object of received fields.');
  }
  const entries: [string, string][] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') {
      throw new SignatureError(
        'field_not_string',
        `Field "${k.slice(0, 40)}" arrived as an object, but LianLian signs the exact JSON string it sent. Verify the raw body with verifyCallback() instead of a re-parsed one.`,
      );
    }
    entries.push([k, String(v)]);
  }
  return Object.fromEntries(entries);
}
