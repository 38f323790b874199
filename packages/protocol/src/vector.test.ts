import { describe, expect, it } from 'vitest';
import { canonicalString, KeyError, parsePrivateKey, parsePublicKey, signFields, signFieldsAsync, verifyFields } from './index.js';

// Spec §2.2 worked example; the key is a throwaway published in the spec for exactly this purpose.
const PRIV = 'MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAN2v4F2ZX49IAM/1Y+hEv0tPrco5MNkLLUhbaLpg0OLxlSUVhVEkk6XzxHSB4gq/icvNcBbDGGAHyyEnqhFULktZtWXFZiD9wun/MBbEWQKP9CN1HKCrkoL775k3bu/ZuJi71taO+e3Ovf/bR85uvNUdZ1oG5MUz9lavnCQaI1C5AgMBAAECgYAEwYcwut+f9U1/KKaSDxeDiBwUYJG5tlGsYbmndfhFRiWK/CE2EnDQeKBYV4j/7ggIxUmIU3ssZD5pYa52XLX5gaMynbPC7vtyTqaauGsQez43b6b9OwN1R03w4i9sqfANl159F+VMf4Ma1FizaB9f8vPE1YYK+grtgQ4mo1dkOQJBAPWfGJIBilHAt9jA4INp6ZID57fupGBSyg6JVsNdCLpSsASVpNaaihERfeXynHTn4hr7dGN9z16qBEHby1nqMvsCQQDnDeE/V10ADxIWPuTcd33OeKrUaHQZmUBA7shwX1AdcmBDcHMyqCYNIbPygU2AbScGHUdcO4jviNqgET6fztzbAkEAouY+PG9rFidThxz8iguPTjjq0HEkcYHW4mcxtOYZ6MD4XkIFDhN2aDWKoxwRqfM0YSLOIUIKa0UlB6zHJD4QSwJBAJZtpvTCQD5FkZUCJaaT9Uhzr2TTDKON7xNXYxAmPdauHJZLo/SbHQr3olyEapzuc7W7YjZeXGz3QL9t+sO4vnkCQEOEy8OMk90Tese/fjGBsvG7hrKKyjBFjd+atKuxGf2JIXHgMgOtdlWtjfr+Djqr4S/PcOSCTN9nkJVAdaPLdfQ=';
const PUB = 'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDdr+BdmV+PSADP9WPoRL9LT63KOTDZCy1IW2i6YNDi8ZUlFYVRJJOl88R0geIKv4nLzXAWwxhgB8shJ6oRVC5LWbVlxWYg/cLp/zAWxFkCj/QjdRygq5KC+++ZN27v2biYu9bWjvntzr3/20fObrzVHWdaBuTFM/ZWr5wkGiNQuQIDAQAB';
const RISK = '{"frms_ware_category":"1009","user_info_mercht_userno":"u10001","user_info_bind_phone":"13800000000","user_info_dt_register":"20230101080000","goods_name":"测试商品"}';
const FIELDS = {
  busi_partner: '101001', charset_name: 'UTF-8', dt_order: '20240301120000', money_order: '0.01', name_goods: '测试商品',
  no_order: 'ORD20240301000001', notify_url: 'https://shop.example.com/llpay/notify', oid_partner: '201304121000001004',
  risk_item: RISK, timestamp: '20240301120000', url_return: 'https://shop.example.com/llpay/return', user_id: 'u10001',
  userreq_ip: '203_0_113_7', valid_order: '30', version: '1.0', info_order: '',
};
const SOURCE = `busi_partner=101001&charset_name=UTF-8&dt_order=20240301120000&money_order=0.01&name_goods=测试商品&no_order=ORD20240301000001&notify_url=https://shop.example.com/llpay/notify&oid_partner=201304121000001004&risk_item=${RISK}&sign_type=RSA&timestamp=20240301120000&url_return=https://shop.example.com/llpay/return&user_id=u10001&userreq_ip=203_0_113_7&valid_order=30&version=1.0`;

describe('spec §2.2 worked example', () => {
  it('builds the 544-byte source string and the published RSA signature', () => {
    expect(canonicalString({ ...FIELDS, sign_type: 'RSA' })).toBe(SOURCE);
    expect(Buffer.byteLength(SOURCE, 'utf8')).toBe(544);
    const signed = signFields(FIELDS, { signType: 'RSA', privateKey: parsePrivateKey({ key: PRIV }) });
    expect(signed.sign).toBe('lDrxX5QLuTuRmtU+1iCNQD03mT/85ettCmSa/5aSDmdD1Dz9JABd/btbXuVXPAZvYiR+vZ6ZQ+5v6oMGAJg0FU9O3HhKQhksuA/ImPenCPDRTJMHm2//Ud9wEL11b+9hgV20OdeotQ1BTyM18yQPhIxCMhIXAlanTm7rAGUQxZI=');
    expect(() => verifyFields(signed, { signType: 'RSA', publicKey: parsePublicKey({ key: PUB }) })).not.toThrow();
  });

  it('reproduces the MD5 variant', () => {
    const signed = signFields(FIELDS, { signType: 'MD5', md5Key: 'demo_md5_key_0001' });
    expect(signed.sign).toBe('9dd12b0f1730da43e266745f67ad5da7');
  });

  it('signs the same bytes off the event loop (signFieldsAsync, RSA and MD5)', async () => {
    const rsa = { signType: 'RSA', privateKey: parsePrivateKey({ key: PRIV }) } as const;
    expect(await signFieldsAsync(FIELDS, rsa)).toEqual(signFields(FIELDS, rsa));
    expect((await signFieldsAsync(FIELDS, rsa)).sign).toMatch(/^lDrxX5QLuTuRmtU\+1iCNQD03mT/);
    expect((await signFieldsAsync(FIELDS, { signType: 'MD5', md5Key: 'demo_md5_key_0001' })).sign).toBe('9dd12b0f1730da43e266745f67ad5da7');
  });

  it('signs exactly the non-empty fields, numbers as strings, a `__proto__` field as an own field', () => {
    const md5 = { signType: 'MD5', md5Key: 'k' } as const;
    const signed = signFields(JSON.parse('{"__proto__":"p","b":2,"a":"","c":null,"sign":"old","sign_type":"RSA"}') as Record<string, string>, md5);
    expect(Object.getPrototypeOf(signed)).toBe(Object.prototype);
    expect(Object.keys(signed)).toEqual(['__proto__', 'b', 'sign_type', 'sign']);
    expect(signed.b).toBe('2');
    expect(signed.sign).toBe(signFields({ b: '2', ['__proto__']: 'p' }, md5).sign);
    expect(canonicalString(signed)).toBe('__proto__=p&b=2&sign_type=MD5');
  });

  it('refuses a public key for async signing with key_not_private, as a rejected promise', async () => {
    const wrong = { signType: 'RSA', privateKey: parsePublicKey({ key: PUB }) } as const;
    await expect(signFieldsAsync(FIELDS, wrong)).rejects.toThrow(KeyError);
    await expect(signFieldsAsync(FIELDS, wrong)).rejects.toMatchObject({ code: 'key_not_private' });
  });
});

describe('spec §2.2 notification side', () => {
  const NOTIFY = {
    bank_code: '01020000', dt_order: '20240301120000', money_order: '0.01', no_order: 'ORD20240301000001',
    oid_partner: '201304121000001004', oid_paybill: '2024030100001234', pay_type: '1', result_pay: 'SUCCESS',
    settle_date: '20240301', sign_type: 'RSA', info_order: '', sign: 'anything: sign is never part of the source',
  };

  it('rebuilds the documented source string byte for byte (sign and empty info_order left out)', () => {
    expect(canonicalString(NOTIFY)).toBe(
      'bank_code=01020000&dt_order=20240301120000&money_order=0.01&no_order=ORD20240301000001&oid_partner=201304121000001004&oid_paybill=2024030100001234&pay_type=1&result_pay=SUCCESS&settle_date=20240301&sign_type=RSA',
    );
  });

  it('verifies a notification signed with the worked-example key and rejects it under another field value', () => {
    const { sign: _ignored, ...unsigned } = NOTIFY;
    const signed = signFields(unsigned, { signType: 'RSA', privateKey: parsePrivateKey({ key: PRIV }) });
    const verifier = { signType: 'RSA', publicKey: parsePublicKey({ key: PUB }) } as const;
    expect(() => verifyFields(signed, verifier)).not.toThrow();
    expect(() => verifyFields({ ...signed, result_pay: 'FAILURE' }, verifier)).toThrow(/does not match/);
  });
});
