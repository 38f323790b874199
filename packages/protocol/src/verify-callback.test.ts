import { generateKeyPairSync, type KeyObject } from 'node:crypto';
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

  it('fails with a message about the key when verified with the wrong public key', () => {
    const e = errorOf(() => verifyCallback(body(signed()), { verifier: { signType: 'RSA', publicKey: merchant.publicKey } }));
    expect(e).toBeInstanceOf(SignatureError);
    expect(e.code).toBe('signature_mismatch');
    expect(e.message).toContain("LIANLIAN_PUBLIC_KEY is LianLian's public key");
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
    expect(errorOf(() => verifyCallback(body(md5), { verifier: { signType: 'MD5', md5Key: 'other' } })).message).toContain('LIANLIAN_MD5_KEY');
  });
});
