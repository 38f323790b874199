import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalString, canonicalStringWithoutNullValues, compareKeys } from './index.js';

// LianLian's keys are lowercase snake_case; values are arbitrary text without being empty.
const key = fc.stringMatching(/^[a-z][a-z_]{0,15}$/).filter((k) => k !== 'sign');
const value = fc.string({ minLength: 1, maxLength: 20 }).filter((v) => v.toLowerCase() !== 'null');
const fieldsArb = fc.dictionary(key, value, { maxKeys: 12 });

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('canonicalString (spec §2.1)', () => {
  it('does not depend on the order the fields arrive in', () => {
    fc.assert(
      fc.property(fieldsArb, fc.integer({ min: 0, max: 2 ** 30 }), (fields, seed) => {
        const reordered = Object.fromEntries(shuffled(Object.entries(fields), seed));
        expect(canonicalString(reordered)).toBe(canonicalString(fields));
      }),
    );
  });

  it('sorts keys ascending with "_" before letters and joins k=v with &', () => {
    fc.assert(
      fc.property(fieldsArb, (fields) => {
        const source = canonicalString(fields);
        const keys = Object.keys(fields).sort(compareKeys);
        expect(source).toBe(keys.map((k) => `${k}=${fields[k]}`).join('&'));
        for (let i = 1; i < keys.length; i++) expect(Buffer.compare(Buffer.from(keys[i - 1]), Buffer.from(keys[i]))).toBeLessThan(0);
      }),
    );
    expect(canonicalString({ notify_url: 'b', no_order: 'a', userreq_ip: 'd', user_id: 'c' })).toBe('no_order=a&notify_url=b&user_id=c&userreq_ip=d');
  });

  it('drops empty, null and undefined values, whatever else is present', () => {
    const empty = fc.constantFrom<string | null | undefined>('', null, undefined);
    fc.assert(
      fc.property(fieldsArb, fc.dictionary(key, empty, { maxKeys: 5 }), (fields, empties) => {
        const merged = { ...empties, ...fields };
        expect(canonicalString(merged)).toBe(canonicalString(fields));
        expect(canonicalStringWithoutNullValues(merged)).toBe(canonicalString(fields));
      }),
    );
  });

  it('keeps "null" (2023 rule, and what the kit signs); the 2013/2018 rule drops it in any case (spec §8 #12)', () => {
    const nulls = fc.constantFrom('null', 'NULL', 'Null', 'nULl');
    fc.assert(
      fc.property(fieldsArb, fc.dictionary(key, nulls, { minKeys: 1, maxKeys: 5 }), (fields, withNulls) => {
        const merged = { ...withNulls, ...fields };
        expect(canonicalStringWithoutNullValues(merged)).toBe(canonicalString(fields));
        const kept = Object.keys(withNulls).filter((k) => !Object.hasOwn(fields, k));
        if (kept.length > 0) expect(canonicalString(merged)).not.toBe(canonicalString(fields));
        for (const k of kept) expect(canonicalString(merged).split('&')).toContain(`${k}=${withNulls[k]}`);
      }),
    );
    expect(canonicalString({ a: 'null', b: '', c: ' null' })).toBe('a=null&c= null');
    expect(canonicalStringWithoutNullValues({ a: 'null', b: '', c: ' null' })).toBe('c= null');
  });

  it('never includes sign, whatever its value; exclude drops more fields', () => {
    fc.assert(
      fc.property(fieldsArb, fc.string(), (fields, sign) => {
        expect(canonicalString({ ...fields, sign })).toBe(canonicalString(fields));
        expect(canonicalString({ ...fields, sign }).split('&').some((p) => p.startsWith('sign='))).toBe(false);
      }),
    );
    expect(canonicalString({ a: '1', bank_name: '工商银行', memo: 'x' }, { exclude: ['bank_name', 'memo'] })).toBe('a=1');
  });

  it('uses values raw: no URL-encoding, no trimming, numbers as written', () => {
    expect(canonicalString({ url: 'https://x.example/a?b=c&d', name: ' 测 试 ', n: 30 })).toBe('n=30&name= 测 试 &url=https://x.example/a?b=c&d');
  });
});
