import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVault, parseDataKeys, sealedKeyId } from './vault.js';

const b64 = (n = 32): string => randomBytes(n).toString('base64');

describe('parseDataKeys (LEDGER_DATA_KEY)', () => {
  it('reads id:key entries separated by commas or new lines, first one current, in standard or URL-safe base64', () => {
    const url = randomBytes(32).toString('base64url');
    const keys = parseDataKeys(`k2:${b64()}, k1:${url}\nold_0:${b64()}\n`);
    expect(keys.map((k) => k.id)).toEqual(['k2', 'k1', 'old_0']);
    expect(keys.every((k) => k.key.symmetricKeySize === 32 && /^[0-9a-f]{32}$/.test(k.fingerprint))).toBe(true);
    expect(new Set(keys.map((k) => k.fingerprint)).size).toBe(3);
  });

  it.each([
    ['', /No key found/],
    [`${b64()}`, /Entry 1 is not "<key id>:<base64 key>"/],
    [`k 1:${b64()}`, /Entry 1 is not/],
    [`k1:${b64(16)}`, /Entry 1 \(key id "k1"\): the key decodes to 16 bytes; AES-256 needs exactly 32/],
    [`k1:${b64()},k2:not*base64`, /Entry 2 \(key id "k2"\): the key is not base64/],
    [`k1:${b64()},k1:${b64()}`, /key id "k1" appears twice/],
  ])('refuses %j with a message that says what to fix', (text, message) => {
    expect(() => parseDataKeys(text)).toThrow(expect.objectContaining({ code: 'ledger_data_key_invalid', message: expect.stringMatching(message) as unknown }));
  });

  it('never echoes key material in its messages', () => {
    const key = b64(31);
    try {
      parseDataKeys(`k1:${key}`);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain(key.slice(0, 12));
    }
  });
});

describe('vault', () => {
  const [k2, k1] = parseDataKeys(`k2:${b64()},k1:${b64()}`);
  const both = createVault([k2, k1]);

  it('seals with the current key (fresh nonce each time) and opens what it sealed', () => {
    const a = both.seal('张三 13800000000', 'orders.risk_item|N1');
    const b = both.seal('张三 13800000000', 'orders.risk_item|N1');
    expect(a).not.toBe(b);
    expect(sealedKeyId(a)).toBe('k2');
    expect(a).not.toContain('13800000000');
    expect(both.open(a, 'orders.risk_item|N1')).toBe('张三 13800000000');
  });

  it('opens values of an older key after rotation, and refuses a key it does not have', () => {
    const old = createVault([k1]).seal('6222020200112233445', 'c');
    expect(both.open(old, 'c')).toBe('6222020200112233445');
    expect(() => createVault([k2]).open(old, 'c')).toThrow(expect.objectContaining({ code: 'ledger_data_key_missing', message: expect.stringContaining('"k1"') as unknown }));
    expect(() => createVault(undefined).open(old, 'c')).toThrow(expect.objectContaining({ code: 'ledger_data_key_missing' }));
  });

  it('refuses a value moved to another row, altered, or opened with another key under the same id', () => {
    const sealed = both.seal('11010519491231002X', 'orders.extra|N1.id_no');
    expect(() => both.open(sealed, 'orders.extra|N2.id_no')).toThrow(expect.objectContaining({ code: 'ledger_data_unreadable' }));
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(() => both.open(flipped, 'orders.extra|N1.id_no')).toThrow(expect.objectContaining({ code: 'ledger_data_unreadable' }));
    const impostor = parseDataKeys(`k2:${b64()}`);
    expect(() => createVault(impostor).open(sealed, 'orders.extra|N1.id_no')).toThrow(expect.objectContaining({ code: 'ledger_data_unreadable' }));
  });

  it('passes values in clear through: rows written before a key was set stay readable', () => {
    expect(both.open('{"user_info_bind_phone":"13800000000"}', 'c')).toBe('{"user_info_bind_phone":"13800000000"}');
    const clear = createVault(undefined);
    expect(clear.current).toBeUndefined();
    expect(clear.seal('x', 'c')).toBe('x');
  });
});
