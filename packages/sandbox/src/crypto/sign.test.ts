import { describe, expect, it } from 'vitest';
import { canonicalString } from './canonical.js';
import { parsePrivateKey, parsePublicKey } from './keys.js';
import { md5Sign, md5Verify, rsaSign, rsaVerify } from './sign.js';

// Known answers from the spec's worked example (lianlian-api.md §2.2), test-only throwaway key.
const PRIVATE_KEY_TEST_ONLY =
  'MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAN2v4F2ZX49IAM/1Y+hEv0tPrco5MNkLLUhbaLpg0OLxlSUVhVEkk6XzxHSB4gq/icvNcBbDGGAHyyEnqhFULktZtWXFZiD9wun/MBbEWQKP9CN1HKCrkoL775k3bu/ZuJi71taO+e3Ovf/bR85uvNUdZ1oG5MUz9lavnCQaI1C5AgMBAAECgYAEwYcwut+f9U1/KKaSDxeDiBwUYJG5tlGsYbmndfhFRiWK/CE2EnDQeKBYV4j/7ggIxUmIU3ssZD5pYa52XLX5gaMynbPC7vtyTqaauGsQez43b6b9OwN1R03w4i9sqfANl159F+VMf4Ma1FizaB9f8vPE1YYK+grtgQ4mo1dkOQJBAPWfGJIBilHAt9jA4INp6ZID57fupGBSyg6JVsNdCLpSsASVpNaaihERfeXynHTn4hr7dGN9z16qBEHby1nqMvsCQQDnDeE/V10ADxIWPuTcd33OeKrUaHQZmUBA7shwX1AdcmBDcHMyqCYNIbPygU2AbScGHUdcO4jviNqgET6fztzbAkEAouY+PG9rFidThxz8iguPTjjq0HEkcYHW4mcxtOYZ6MD4XkIFDhN2aDWKoxwRqfM0YSLOIUIKa0UlB6zHJD4QSwJBAJZtpvTCQD5FkZUCJaaT9Uhzr2TTDKON7xNXYxAmPdauHJZLo/SbHQr3olyEapzuc7W7YjZeXGz3QL9t+sO4vnkCQEOEy8OMk90Tese/fjGBsvG7hrKKyjBFjd+atKuxGf2JIXHgMgOtdlWtjfr+Djqr4S/PcOSCTN9nkJVAdaPLdfQ=';
const PUBLIC_KEY_TEST_ONLY =
  'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDdr+BdmV+PSADP9WPoRL9LT63KOTDZCy1IW2i6YNDi8ZUlFYVRJJOl88R0geIKv4nLzXAWwxhgB8shJ6oRVC5LWbVlxWYg/cLp/zAWxFkCj/QjdRygq5KC+++ZN27v2biYu9bWjvntzr3/20fObrzVHWdaBuTFM/ZWr5wkGiNQuQIDAQAB';

const RISK_ITEM =
  '{"frms_ware_category":"1009","user_info_mercht_userno":"u10001","user_info_bind_phone":"13800000000","user_info_dt_register":"20230101080000","goods_name":"测试商品"}';

const REQUEST = {
  version: '1.0', charset_name: 'UTF-8', oid_partner: '201304121000001004', user_id: 'u10001',
  timestamp: '20240301120000', sign_type: 'RSA', busi_partner: '101001', no_order: 'ORD20240301000001',
  dt_order: '20240301120000', name_goods: '测试商品', info_order: '', money_order: '0.01',
  notify_url: 'https://shop.example.com/llpay/notify', url_return: 'https://shop.example.com/llpay/return',
  userreq_ip: '203_0_113_7', valid_order: '30', risk_item: RISK_ITEM,
};

const SOURCE =
  `busi_partner=101001&charset_name=UTF-8&dt_order=20240301120000&money_order=0.01&name_goods=测试商品&no_order=ORD20240301000001&notify_url=https://shop.example.com/llpay/notify&oid_partner=201304121000001004&risk_item=${RISK_ITEM}&sign_type=RSA&timestamp=20240301120000&url_return=https://shop.example.com/llpay/return&user_id=u10001&userreq_ip=203_0_113_7&valid_order=30&version=1.0`;
const RSA_SIGN =
  'lDrxX5QLuTuRmtU+1iCNQD03mT/85ettCmSa/5aSDmdD1Dz9JABd/btbXuVXPAZvYiR+vZ6ZQ+5v6oMGAJg0FU9O3HhKQhksuA/ImPenCPDRTJMHm2//Ud9wEL11b+9hgV20OdeotQ1BTyM18yQPhIxCMhIXAlanTm7rAGUQxZI=';

describe('canonical string (spec §2.2)', () => {
  it('rebuilds the worked example: 544 UTF-8 bytes, info_order dropped', () => {
    expect(canonicalString(REQUEST)).toBe(SOURCE);
    expect(Buffer.byteLength(SOURCE, 'utf8')).toBe(544);
  });

  it('rebuilds the notification source string, ignoring sign and empty info_order', () => {
    const notify = {
      oid_partner: '201304121000001004', sign_type: 'RSA', sign: 'x', no_order: 'ORD20240301000001',
      dt_order: '20240301120000', oid_paybill: '2024030100001234', money_order: '0.01', result_pay: 'SUCCESS',
      settle_date: '20240301', info_order: '', pay_type: '1', bank_code: '01020000',
    };
    expect(canonicalString(notify)).toBe(
      'bank_code=01020000&dt_order=20240301120000&money_order=0.01&no_order=ORD20240301000001&oid_partner=201304121000001004&oid_paybill=2024030100001234&pay_type=1&result_pay=SUCCESS&settle_date=20240301&sign_type=RSA',
    );
  });
});

describe('MD5withRSA (spec §2.2)', () => {
  const privateKey = parsePrivateKey(PRIVATE_KEY_TEST_ONLY, 'test key');
  const publicKey = parsePublicKey(PUBLIC_KEY_TEST_ONLY, 'test key');

  it('signs the worked example to the published value', () => {
    expect(rsaSign(REQUEST, privateKey)).toBe(RSA_SIGN);
  });

  it('verifies the published value and rejects a one-field change', () => {
    expect(rsaVerify(REQUEST, RSA_SIGN, publicKey)).toBe(true);
    expect(rsaVerify({ ...REQUEST, money_order: '0.02' }, RSA_SIGN, publicKey)).toBe(false);
    expect(rsaVerify(REQUEST, 'not base64!', publicKey)).toBe(false);
  });

  it('accepts the PEM form of the same public key', () => {
    const pem = `-----BEGIN PUBLIC KEY-----\n${PUBLIC_KEY_TEST_ONLY.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
    expect(rsaVerify(REQUEST, RSA_SIGN, parsePublicKey(pem, 'pem'))).toBe(true);
  });
});

describe('MD5 with &key= (spec §2.2)', () => {
  const md5Request = { ...REQUEST, sign_type: 'MD5' };

  it('hashes the worked example to the published value', () => {
    expect(md5Sign(md5Request, 'demo_md5_key_0001')).toBe('9dd12b0f1730da43e266745f67ad5da7');
  });

  it('verifies case-insensitively and rejects a wrong key', () => {
    expect(md5Verify(md5Request, '9DD12B0F1730DA43E266745F67AD5DA7', 'demo_md5_key_0001')).toBe(true);
    expect(md5Verify(md5Request, '9dd12b0f1730da43e266745f67ad5da7', 'other_key')).toBe(false);
    expect(md5Verify(md5Request, 'short', 'demo_md5_key_0001')).toBe(false);
  });
});
