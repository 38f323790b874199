import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { CallbackParseError, QUERY_UNSIGNED_FIELDS, SignatureError, signFields, verifyCallback, verifyFields, type Verifier } from './index.js';

let lianlian: { privateKey: KeyObject; publicKey: KeyObject };
let merchant: { privateKey: KeyObject; publicKey: KeyObject };
let verifier: Verifier;
beforeAll(() => {
  lianlian = generateKeyPairSync('rsa', { modulusLength: 1024 });
  merchant = generateKeyPairSync('rsa', { modulusLength: 1024 });
  verifier = { signType: 'RSA', publicKey: lianlian.publicKey };
});

const NOTIFY = {
  oid_partner: '201304121000001004', no_order: 'ORD20240301000001', dt_order: '20240301120000', oid_paybill: '2024030100001234',
  money_order: '0.01', result_pay: 'SUCCESS', settle_date: '20240301', info_order: '', pay_type: '1', bank_code: '01020000', name_goods: '测试商品',
};
const signed = (fields: Record<string, string> = NOTIFY): Record<string, string> => signFields(fields, { signType: 'RSA', privateKey: lianlian.privateKey });
const body = (fields: Record<string, string>): Buffer => Buffer.from(JSON.stringify(fields), 'utf8');

function errorOf(fn: () => unknown): Error & { code: string } {
  try {
    fn();
  } catch (e) {
    return e as Error & { code: string };
  }
  throw new Error('expected an error');
}

describe('verifyCallback', () => {
  it('verifies a text/json notify over the raw bytes and returns the fields', () => {
    const parsed = verifyCallback(body(signed()), { contentType: 'text/json;charset=utf-8', verifier });
    expect(parsed.format).toBe('json');
    expect(parsed.fields.no_order).toBe('ORD20240301000001');
  });

  it('verifies a GBK form return after decoding the charset', () => {
    const fields = signed({ ...NOTIFY, charset_name: 'GBK' });
    const raw = Object.entries(fields).map(([k, v]) => `${k}=${Array.from(iconv.encode(v, 'GBK'), (b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`).join('&');
    const parsed = verifyCallback(Buffer.from(raw, 'latin1'), { contentType: 'application/x-www-form-urlencoded', verifier });
    expect(parsed).toMatchObject({ format: 'form', charset: 'GBK' });
    expect(parsed.fields.name_goods).toBe('测试商品');
  });

  it('verifies a number that String(n) would change, because the raw text is kept', () => {
    const fields = signed({ ...NOTIFY, money_order: '1.10' });
    const raw = JSON.stringify(fields).replace('"money_order":"1.10"', '"money_order":1.10');
    expect(raw).toContain('"money_order":1.10');
    expect(() => verifyCallback(Buffer.from(raw), { contentType: 'text/json', verifier })).not.toThrow();
    expect(() => verifyFields(JSON.parse(raw), verifier)).toThrow(/does not match/);
  });

  it('verifies an H5 res_data return that arrives in the query string of a GET (no body parser ran)', () => {
    const query = `res_data=${encodeURIComponent(JSON.stringify(signed()))}`;
    expect(verifyCallback(undefined, { query, verifier }).format).toBe('res_data');
  });

  it('fails with a message naming express.raw when handed an already-parsed object', () => {
    const e = errorOf(() => verifyCallback(signed(), { contentType: 'text/json', verifier }));
    expect(e).toBeInstanceOf(CallbackParseError);
    expect(e.code).toBe('callback_body_parsed');
    expect(e.message).toContain('express.json() or express.urlencoded() already parsed the body');
    expect(e.message).toContain("express.raw({ type: '*/*' })");
  });

  it('fails with its own code when handed a decoded string', () => {
    const e = errorOf(() => verifyCallback(JSON.stringify(signed()), { verifier }));
    expect(e.code).toBe('callback_body_decoded');
    expect(e.message).toContain('express.raw');
  });

  it('fails with callback_empty when there is nothing to verify', () => {
    for (const raw of [undefined, {}, Buffer.alloc(0)]) {
      const e = errorOf(() => verifyCallback(raw, { verifier }));
      expect(e.code).toBe('callback_empty');
      expect(e.message).toContain('GET without data');
    }
  });

  it('fails with a message about the key, by the name the caller gives it, when verified with the wrong public key', () => {
    const e = errorOf(() => verifyCallback(body(signed()), { verifier: { signType: 'RSA', publicKey: merchant.publicKey, label: 'SHOP_GATEWAY_PUBLIC_KEY' } }));
    expect(e).toBeInstanceOf(SignatureError);
    expect(e.code).toBe('signature_mismatch');
    expect(e.message).toContain("SHOP_GATEWAY_PUBLIC_KEY is LianLian's public key");
    expect(errorOf(() => verifyCallback(body(signed()), { verifier: { signType: 'RSA', publicKey: merchant.publicKey } })).message).toContain("the verifying key is LianLian's public key");
  });

  it('fails on a tampered field, a missing sign and a sign_type the server is not configured for', () => {
    expect(errorOf(() => verifyCallback(body({ ...signed(), money_order: '100.00' }), { verifier })).code).toBe('signature_mismatch');
    const { sign: _s, ...unsigned } = signed();
    expect(errorOf(() => verifyCallback(body(unsigned), { verifier })).code).toBe('signature_missing');
    expect(errorOf(() => verifyCallback(body({ ...signed(), sign_type: 'MD5' }), { verifier })).code).toBe('signature_type_mismatch');
    expect(errorOf(() => verifyCallback(body({ ...signed(), sign: 'not%20base64' }), { verifier })).code).toBe('signature_malformed');
  });

  it('attaches the canonical string only when debug is set', () => {
    const tampered = body({ ...signed(), money_order: '100.00' });
    expect((errorOf(() => verifyCallback(tampered, { verifier })) as unknown as SignatureError).sourceString).toBeUndefined();
    const debugged = errorOf(() => verifyCallback(tampered, { verifier, debug: true })) as unknown as SignatureError;
    expect(debugged.sourceString).toContain('money_order=100.00');
  });

  it('verifies query responses only once the unsigned fields are excluded (spec §6.1)', () => {
    const response = { ...signed(), bank_name: '中国工商银行', memo: 'm', card_no: '6222****1234' };
    expect(QUERY_UNSIGNED_FIELDS).toEqual(['bank_name', 'memo', 'card_no']);
    expect(errorOf(() => verifyCallback(body(response), { verifier })).code).toBe('signature_mismatch');
    expect(() => verifyCallback(body(response), { verifier, exclude: QUERY_UNSIGNED_FIELDS })).not.toThrow();
  });

  it('verifies MD5-signed callbacks with the MD5 key', () => {
    const md5 = signFields(NOTIFY, { signType: 'MD5', md5Key: 'k-test-only' });
    expect(() => verifyCallback(body(md5), { verifier: { signType: 'MD5', md5Key: 'k-test-only' } })).not.toThrow();
    expect(errorOf(() => verifyCallback(body(md5), { verifier: { signType: 'MD5', md5Key: 'other', label: 'SHOP_MD5_KEY' } })).message).toContain('Check SHOP_MD5_KEY against');
  });
});

/**
 * LianLian's two signers, written from spec §2.1 and §8 #12 independently of the kit's canonical
 * code: the 2023 Java demo signs "null" like any value, the 2013/2018 LLPayUtil leaves it out.
 */
function lianlianSource(fields: Record<string, string>, rule: '2023' | '2013'): string {
  const dropped = (v: string): boolean => v === '' || (rule === '2013' && v.toLowerCase() === 'null');
  return Object.keys(fields).filter((k) => k !== 'sign' && !dropped(fields[k] ?? '')).sort().map((k) => `${k}=${fields[k]}`).join('&');
}
function signedUnder(rule: '2023' | '2013', fields: Record<string, string>): Record<string, string> {
  const all = { ...fields, sign_type: 'RSA' };
  return { ...all, sign: sign('md5', Buffer.from(lianlianSource(all, rule), 'utf8'), lianlian.privateKey).toString('base64') };
}

describe('verifying under both of LianLian\'s "null" rules (spec §8 #12, §9)', () => {
  const withNull = { ...NOTIFY, info_order: 'null', bank_code: 'NULL' };

  it('verifies a callback signed under the 2023 rule ("null" signed) and keeps its "null" values', () => {
    const parsed = verifyCallback(body(signedUnder('2023', withNull)), { contentType: 'text/json', verifier });
    expect(parsed.nullRule).toBe('kept');
    expect(parsed.fields).toMatchObject({ info_order: 'null', bank_code: 'NULL', money_order: '0.01' });
  });

  it('verifies a callback signed under the 2013/2018 rule ("null" left out) and drops the unsigned "null" values', () => {
    const parsed = verifyCallback(body(signedUnder('2013', withNull)), { contentType: 'text/json', verifier });
    expect(parsed.nullRule).toBe('dropped');
    expect(parsed.fields).not.toHaveProperty('info_order');
    expect(parsed.fields).not.toHaveProperty('bank_code');
    expect(parsed.fields).toMatchObject({ no_order: NOTIFY.no_order, result_pay: 'SUCCESS', sign_type: 'RSA' });
  });

  it('verifies a callback without "null" values once, under the exact string', () => {
    expect(verifyFields(signedUnder('2013', NOTIFY), verifier).nullRule).toBe('kept');
  });

  it('refuses a callback with a "null" value that verifies under neither rule', () => {
    // Signed with info_order=null kept, then its case changed on the way: the 2023 string differs,
    // and the 2013 string lacks a field that was signed.
    const changed = { ...signedUnder('2023', withNull), info_order: 'NULL' };
    expect(errorOf(() => verifyCallback(body(changed), { verifier })).code).toBe('signature_mismatch');
    const tampered = { ...signedUnder('2013', withNull), money_order: '100.00' };
    expect(errorOf(() => verifyCallback(body(tampered), { verifier })).code).toBe('signature_mismatch');
  });

  it('never hands back a "null" field the signature did not cover', () => {
    // A field added to a genuine message with the value "null" verifies under the 2013 rule, but is
    // not part of what the signature covers, so it is not in the result.
    const injected = { ...signedUnder('2023', NOTIFY), no_refund: 'null' };
    const verified = verifyFields(injected, verifier);
    expect(verified.nullRule).toBe('dropped');
    expect(verified.fields).not.toHaveProperty('no_refund');
  });

  it('applies both rules to MD5 signatures too, and keeps excluded fields out of both', () => {
    const md5Key = 'k-test-only';
    const md5 = (rule: '2023' | '2013', fields: Record<string, string>): Record<string, string> => {
      const all = { ...fields, sign_type: 'MD5' };
      return { ...all, sign: createHash('md5').update(`${lianlianSource(all, rule)}&key=${md5Key}`, 'utf8').digest('hex') };
    };
    const md5Verifier: Verifier = { signType: 'MD5', md5Key };
    expect(verifyFields(md5('2023', withNull), md5Verifier).nullRule).toBe('kept');
    expect(verifyFields(md5('2013', withNull), md5Verifier).nullRule).toBe('dropped');
    const answer = { ...signedUnder('2013', withNull), bank_name: 'null', memo: 'x' };
    const verified = verifyFields(answer, verifier, { exclude: QUERY_UNSIGNED_FIELDS });
    expect(verified).toMatchObject({ nullRule: 'dropped', fields: { bank_name: 'null', memo: 'x' } });
  });
});
