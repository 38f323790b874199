import { describe, expect, it } from 'vitest';
import {
  H5_ENDPOINTS, PRODUCTS, PRODUCT_SPECS, ValidationError, WEB_ENDPOINTS, assertValidFields, gatewayFormFields,
  validateFields, validateSignedFields, type FieldViolation, type Product,
} from './index.js';
import { VALID } from '../test/support/fixtures.js';

const rules = (vs: FieldViolation[]): string[] => vs.map((v) => `${v.field}:${v.rule}`).sort();

describe('product specs', () => {
  it('has a spec, a field table and default version for every product', () => {
    expect(PRODUCTS.map((p) => [p, PRODUCT_SPECS[p].version])).toEqual([['web', '1.0'], ['aggregate', '1.1'], ['easypay', '1.0'], ['h5', '1.0'], ['h5_quickpay', '1.2']]);
    for (const p of PRODUCTS) {
      expect(PRODUCT_SPECS[p].versions[0]).toBe(PRODUCT_SPECS[p].version);
      expect(PRODUCT_SPECS[p].fields.risk_item?.required).toBe(true);
      expect(new URL(PRODUCT_SPECS[p].defaultUrl).pathname).toBe(PRODUCT_SPECS[p].path);
    }
    expect(PRODUCT_SPECS.aggregate.versions).toContain('1.0');
    expect(PRODUCT_SPECS.h5.defaultUrl).toBe('https://wap.lianlianpay.com/travlepay.htm');
    expect(PRODUCT_SPECS.h5.alternativeUrls).toEqual([H5_ENDPOINTS.authpay]);
    expect(PRODUCT_SPECS.h5_quickpay.defaultUrl).toBe('https://wap.lianlianpay.com/payment.htm');
    expect(PRODUCT_SPECS.h5_quickpay.alternativeUrls).toEqual(['https://yintong.com.cn/llpayh5/payment.htm']);
    expect(PRODUCT_SPECS.h5_quickpay.transport).toBe('req_data');
    expect(PRODUCT_SPECS.web.alternativeUrls).toEqual([WEB_ENDPOINTS.cashier]);
    expect(Object.keys(PRODUCT_SPECS.h5.fields)).toContain('bg_color');
    expect(Object.keys(PRODUCT_SPECS.web.fields)).not.toContain('app_request');
  });

  it('accepts a minimal valid request for every product', () => {
    for (const p of PRODUCTS) expect(validateFields(p, VALID[p]), p).toEqual([]);
  });

  it('wraps H5 fields in req_data and leaves flat products flat', () => {
    expect(gatewayFormFields('h5', { a: '1', risk_item: '{"x":"y"}' })).toEqual({ req_data: '{"a":"1","risk_item":"{\\"x\\":\\"y\\"}"}' });
    expect(gatewayFormFields('h5_quickpay', { a: '1' })).toEqual({ req_data: '{"a":"1"}' });
    expect(gatewayFormFields('web', { a: '1' })).toEqual({ a: '1' });
  });
});

describe('h5_quickpay: the quick-pay cashier payment.htm (spec §3.4, §9)', () => {
  const bad = (extra: Record<string, string | undefined>): string[] => rules(validateFields('h5_quickpay', { ...VALID.h5_quickpay, ...extra }));

  it('needs app_request but no timestamp; a timestamp sent anyway must be a real one', () => {
    expect(rules(validateFields('h5_quickpay', {}))).toEqual(
      ['app_request', 'busi_partner', 'dt_order', 'money_order', 'name_goods', 'no_order', 'notify_url', 'oid_partner', 'risk_item', 'user_id', 'version'].map((f) => `${f}:required`),
    );
    expect(bad({ timestamp: '20240301120000' })).toEqual([]);
    expect(bad({ timestamp: '20240230120000' })).toEqual(['timestamp:format']);
  });

  it('takes version 1.2 (default) or 1.1, and the fields of LianLian\'s H5 demos', () => {
    expect(bad({ version: '1.1' })).toEqual([]);
    expect(bad({ version: '1.0' })).toEqual(['version:allowed_values']);
    expect(bad({ bg_color: 'ff5001', font_color: '000000', syschnotify_flag: '1', platform: 'p1', no_agree: '2024030100000001', back_url: 'https://shop.example/cart', flag_modify: '1', acct_name: '张三', id_type: '0', id_no: '11010519491231002X', card_no: '6222020000000000018', shareing_data: '201304121000001005^0^1.00^fee' })).toEqual([]);
  });

  it('refuses what no quick-pay integration sends: pay_type, userreq_ip, url_order, charset_name', () => {
    expect(bad({ pay_type: '2', userreq_ip: '203_0_113_7', url_order: 'https://shop.example/p/1', charset_name: 'UTF-8' }))
      .toEqual(['charset_name:unknown_field', 'pay_type:unknown_field', 'url_order:unknown_field', 'userreq_ip:unknown_field']);
    expect(bad({ app_request: '4' })).toEqual(['app_request:allowed_values']);
  });
});

describe('validateFields returns every violation', () => {
  it('reports missing required fields, per product', () => {
    expect(rules(validateFields('web', {}))).toEqual(
      ['busi_partner', 'charset_name', 'dt_order', 'money_order', 'name_goods', 'no_order', 'notify_url', 'oid_partner', 'risk_item', 'timestamp', 'user_id', 'version'].map((f) => `${f}:required`),
    );
    expect(rules(validateFields('aggregate', { ...VALID.aggregate, userreq_ip: '' }))).toEqual(['userreq_ip:required']);
    expect(rules(validateFields('easypay', { ...VALID.easypay, pay_type: undefined, userreq_ip: undefined }))).toEqual(['pay_type:required', 'userreq_ip:required']);
    expect(rules(validateFields('h5', { ...VALID.h5, app_request: '' }))).toEqual(['app_request:required']);
    expect(rules(validateFields('web', { ...VALID.web, userreq_ip: undefined }))).toEqual([]);
  });

  it('reports lengths with the limit and the actual length', () => {
    const [v] = validateFields('web', { ...VALID.web, name_goods: '商'.repeat(41) });
    expect(v).toEqual({ field: 'name_goods', rule: 'max_length', message: 'is 41 characters; LianLian allows at most 40 (String(40)).' });
    expect(rules(validateFields('web', { ...VALID.web, no_order: 'x'.repeat(33), info_order: 'y'.repeat(256), user_id: 'z'.repeat(33) })))
      .toEqual(['info_order:max_length', 'no_order:max_length', 'user_id:max_length']);
  });

  it('checks allowed values per product', () => {
    const bad = (p: Product, extra: Record<string, string>): string[] => rules(validateFields(p, { ...VALID[p], ...extra }));
    for (const t of ['1', '8', '9', '2', '3', 'D']) expect(bad('web', { pay_type: t }), t).toEqual([]);
    for (const t of ['0', 'P', 'I', 'L', 'M', 'N', 'F', 'O', 'X', '22', 'd']) expect(bad('web', { pay_type: t }), t).toEqual(['pay_type:allowed_values']);
    expect(bad('web', { pay_type: '9', busi_partner: '108001' })).toEqual([]);
    for (const t of ['0', '1', '8', '9', '2', '3', 'D', 'I', 'L', 'M', 'F']) expect(bad('aggregate', { pay_type: t })).toEqual([]);
    expect(bad('aggregate', { pay_type: 'P' })).toEqual(['pay_type:allowed_values']);
    expect(bad('easypay', { pay_type: '1' })).toEqual(['pay_type:allowed_values']);
    expect(bad('h5', { pay_type: 'F', app_request: '4' })).toEqual(['app_request:allowed_values']);
    expect(bad('web', { version: '1.1', busi_partner: '100001', charset_name: 'BIG5' })).toEqual(['busi_partner:allowed_values', 'charset_name:allowed_values', 'version:allowed_values']);
    expect(bad('aggregate', { version: '1.0' })).toEqual([]);
    expect(bad('h5', { version: '1.2', syschnotify_flag: '2', id_type: 'Y' })).toEqual(['id_type:allowed_values', 'syschnotify_flag:allowed_values']);
    const [v] = validateFields('web', { ...VALID.web, pay_type: 'Z' });
    expect(v?.message).toBe('is "Z"; allowed values: 1, 8, 9, 2, 3, D.');
  });

  it('checks formats: stamps, amounts, URLs, colours, bank codes, minutes, IPs, risk_item', () => {
    const bad = (p: Product, extra: Record<string, string>): string[] => rules(validateFields(p, { ...VALID[p], ...extra }));
    expect(bad('web', { timestamp: '20240230120000', dt_order: '2024030112' })).toEqual(['dt_order:format', 'timestamp:format']);
    expect(bad('web', { money_order: '49.9' })).toEqual(['money_order:format']);
    expect(bad('aggregate', { money_order: '100000000.00' })).toEqual([]);
    expect(bad('web', { notify_url: '/relative', url_return: 'ftp://x.example/' })).toEqual(['notify_url:format', 'url_return:format']);
    expect(bad('h5', { bg_color: 'ff500', font_color: 'gggggg' })).toEqual(['bg_color:pattern', 'font_color:pattern']);
    expect(bad('h5', { bg_color: 'FF5001', font_color: '000000' })).toEqual([]);
    expect(bad('web', { bank_code: '1020000' })).toEqual(['bank_code:pattern']);
    expect(bad('web', { bank_code: '01020000', valid_order: '0' })).toEqual(['valid_order:pattern']);
    expect(bad('web', { valid_order: '10080' })).toEqual([]);
    expect(bad('web', { userreq_ip: '203.0.113.7' })).toEqual(['userreq_ip:pattern']);
    expect(bad('web', { risk_item: '[1]', oid_partner: '2013041210000010' })).toEqual(['oid_partner:pattern', 'risk_item:format']);
  });

  it('judges every URL and stamp on its own: a bad one is refused after many good ones', () => {
    const bad = (extra: Record<string, string>): string[] => rules(validateFields('web', { ...VALID.web, ...extra }));
    for (let i = 0; i < 100; i += 1) {
      expect(bad({ url_order: `https://shop.example/orders/${String(i)}`, timestamp: `2024030112${String(1000 + (i % 60)).slice(2)}00` })).toEqual([]);
    }
    expect(bad({ url_order: 'https://shop.example/orders/1', notify_url: 'javascript:alert(1)', timestamp: '20240301126000' }))
      .toEqual(['notify_url:format', 'timestamp:format']);
    expect(bad({ notify_url: 'javascript:alert(1)' })).toEqual(['notify_url:format']);
  });

  it('applies the cross-field rules', () => {
    const bad = (p: Product, extra: Record<string, string>): string[] => rules(validateFields(p, { ...VALID[p], ...extra }));
    expect(bad('aggregate', { col_oidpartner: '201304121000001005', col_userid: 'u2' })).toEqual(['col_userid:forbidden']);
    expect(bad('aggregate', { col_oidpartner: '201304121000001005' })).toEqual([]);
    expect(bad('aggregate', { bank_code: '01020000', pay_type: 'L' })).toEqual(['bank_code:forbidden']);
    for (const t of ['2', '3', 'D']) expect(bad('web', { bank_code: '01020000', pay_type: t }), t).toEqual(['bank_code:forbidden']);
    for (const t of ['1', '8', '9']) expect(bad('web', { bank_code: '01020000', pay_type: t }), t).toEqual([]);
    expect(bad('web', { bank_code: '01020000' })).toEqual([]);
    const [cross] = validateFields('web', { ...VALID.web, bank_code: '01020000', pay_type: '2' });
    expect(cross?.message).toMatch(/only goes with pay_type 1, 8 or 9 \(online banking\); pay_type is 2\. Remove bank_code/);
    expect(bad('easypay', { id_no: '12345' })).toEqual(['id_no:pattern']);
    expect(bad('easypay', { id_no: '11010519491231002X', id_type: '0' })).toEqual([]);
    expect(bad('easypay', { id_no: 'E12345678', id_type: '2' })).toEqual([]);
    expect(bad('aggregate', { shareing_data: '201304121000001005^0^1.00^fee|u2^1^0.50^x' })).toEqual([]);
    expect(bad('aggregate', { shareing_data: 'a^0^1.00^x|b^0^1.00^x|c^0^1.00^x|d^0^1.00^x' })).toEqual(['shareing_data:format']);
    expect(bad('aggregate', { shareing_data: 'a^2^1.00^x' })).toEqual(['shareing_data:format']);
  });

  it('reports unknown fields, and sign/sign_type only when validating a signed request', () => {
    expect(rules(validateFields('web', { ...VALID.web, app_request: '3', nonsense: 'x' }))).toEqual(['app_request:unknown_field', 'nonsense:unknown_field']);
    expect(rules(validateSignedFields('web', VALID.web))).toEqual(['sign:required', 'sign_type:required']);
    expect(validateSignedFields('web', { ...VALID.web, sign_type: 'RSA', sign: 'abc=' })).toEqual([]);
    expect(rules(validateFields('web', { ...VALID.web, sign_type: 'SHA' }))).toEqual(['sign_type:allowed_values']);
  });

  it('reports values with leading or trailing whitespace (spec §2.1)', () => {
    expect(rules(validateFields('web', { ...VALID.web, name_goods: 'Tea ', user_id: '\tu1' }))).toEqual(['name_goods:whitespace', 'user_id:whitespace']);
    expect(validateFields('web', { ...VALID.web, name_goods: 'Green tea' })).toEqual([]);
  });

  it('never echoes secret values', () => {
    const secret = '6222021234567890123X';
    const vs = validateFields('easypay', { ...VALID.easypay, card_no: secret, id_no: secret, acct_name: secret, risk_item: `not json ${secret}`, no_agree: `${secret}${secret}` });
    expect(rules(vs)).toEqual(['card_no:pattern', 'id_no:max_length', 'id_no:pattern', 'no_agree:max_length', 'risk_item:format']);
    for (const v of vs) expect(v.message).not.toContain(secret.slice(0, 8));
  });

  it('assertValidFields throws a ValidationError listing all violations', () => {
    expect(() => assertValidFields('web', VALID.web)).not.toThrow();
    try {
      assertValidFields('web', { ...VALID.web, pay_type: 'M', name_goods: '' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).code).toBe('invalid_fields');
      expect(rules([...(e as ValidationError).violations])).toEqual(['name_goods:required', 'pay_type:allowed_values']);
      expect((e as Error).message).toMatch(/^2 field\(s\) break LianLian's rules for the web product/);
    }
    expect(() => validateFields('alipay' as Product, {})).toThrow(/Unknown product "alipay"; use one of web, aggregate, easypay, h5, h5_quickpay\./);
  });
});
