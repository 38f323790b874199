import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { KitError } from '@lianlian-checkout/protocol';

/**
 * Personal data at rest: AES-256-GCM with a random 96-bit nonce per value, keys from
 * `LEDGER_DATA_KEY` (`id:base64`, comma- or newline-separated, the first one current). A sealed
 * value is `llc1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>`; its context (table, column and
 * the row's key, e.g. `orders.risk_item|N1`) is authenticated too, so a value moved to another row
 * or column no longer opens. Keys are parsed once; sealing costs one cipher setup, no derivation.
 */
export interface DataKey {
  readonly id: string;
  readonly key: KeyObject;
  /** HMAC of a fixed label under the key: tells keys apart without revealing them. */
  readonly fingerprint: string;
}

export interface Vault {
  /** The key new values are sealed with; undefined when personal data is stored in clear (sandbox without a key). */
  readonly current: DataKey | undefined;
  readonly keys: readonly DataKey[];
  seal(plain: string, context: string): string;
  /** Opens a sealed value; a value in clear (written before a key was set) is returned as it is. */
  open(stored: string, context: string): string;
}

const PREFIX = 'llc1:';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const FINGERPRINT_LABEL = 'lianlian-checkout ledger data key v1';
const GENERATE = 'Generate a key with: echo "k1:$(openssl rand -base64 32)"';

/** The key id of a sealed value, or undefined for a value in clear. */
export function sealedKeyId(stored: string): string | undefined {
  if (!stored.startsWith(PREFIX)) return undefined;
  const end = stored.indexOf(':', PREFIX.length);
  return end > PREFIX.length ? stored.slice(PREFIX.length, end) : undefined;
}

/**
 * Parses `LEDGER_DATA_KEY`: `k2:<base64>,k1:<base64>` (or one entry per line in a key file). Each
 * key is 32 random bytes in standard or URL-safe base64; ids are unique. Throws a `KitError` naming
 * the entry and what is wrong with it, never the key itself.
 */
export function parseDataKeys(text: string): DataKey[] {
  const entries = text.split(/[,\s]+/).filter((e) => e !== '');
  if (entries.length === 0) throw new KitError('ledger_data_key_invalid', `No key found. ${GENERATE}`);
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const at = entry.indexOf(':');
    const id = at > 0 ? entry.slice(0, at) : '';
    const where = `Entry ${i + 1}`;
    if (!KEY_ID.test(id)) {
      throw new KitError('ledger_data_key_invalid', `${where} is not "<key id>:<base64 key>" with a key id of 1-32 letters, digits, "_" or "-". ${GENERATE}`);
    }
    if (seen.has(id)) throw new KitError('ledger_data_key_invalid', `${where}: key id "${id}" appears twice; each key needs its own id.`);
    seen.add(id);
    const encoded = entry.slice(at + 1);
    const bytes = BASE64.test(encoded) ? Buffer.from(encoded.replaceAll('-', '+').replaceAll('_', '/'), 'base64') : Buffer.alloc(0);
    if (bytes.length !== 32) {
      const got = BASE64.test(encoded) ? `decodes to ${bytes.length} bytes` : 'is not base64';
      throw new KitError('ledger_data_key_invalid', `${where} (key id "${id}"): the key ${got}; AES-256 needs exactly 32 random bytes. ${GENERATE}`);
    }
    const key = createSecretKey(bytes);
    return { id, key, fingerprint: createHmac('sha256', key).update(FINGERPRINT_LABEL).digest('hex').slice(0, 32) };
  });
}

function missingKey(id: string): KitError {
  return new KitError(
    'ledger_data_key_missing',
    `A stored value is sealed with key id "${id}", which LEDGER_DATA_KEY does not contain. Add that key back (after the current one) to read it.`,
  );
}

/** A vault over `keys` (first = current), or one that stores in clear when there are none. */
export function createVault(keys: readonly DataKey[] | undefined): Vault {
  const byId = new Map((keys ?? []).map((k) => [k.id, k]));
  const current = keys?.[0];
  return {
    current,
    keys: keys ?? [],
    seal(plain, context) {
      if (!current) return plain;
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([nonce, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${PREFIX}${current.id}:${body.toString('base64url')}`;
    },
    open(stored, context) {
      const id = sealedKeyId(stored);
      if (id === undefined) return stored;
      const key = byId.get(id);
      if (!key) throw missingKey(id);
      const body = Buffer.from(stored.slice(PREFIX.length + id.length + 1), 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.key, body.subarray(0, NONCE_BYTES));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        return Buffer.concat([decipher.update(body.subarray(NONCE_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new KitError(
          'ledger_data_unreadable',
          `A value sealed with key id "${id}" (${context.split('|')[0] ?? ''}) does not open: the key under that id is not the one that sealed it, or the stored value was altered or moved.`,
          { cause },
        );
      }
    },
  };
}
