import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRODUCTS, PRODUCT_SPECS, validateFields, type Product } from './index.js';

/** The literal string "null" is never signed (spec §8 #12, §9): refused in every field of every product. */
const RISK = '{"frms_ware_category":"1009","user_info_mercht_userno":"u1"}';
const BASE = {
  oid_partner: '201304121000001004', user_id: 'u10001', timestamp: '20240301120000', busi_partner: '101001',
  no_order: 'ORD20240301000001', dt_order: '20240301120000', name_goods: '测试商品', money_order: '49.95',
  notify_url: 'https://pay.shop.example/lianlian/notify', risk_item: RISK,
};
const VALID: Record<Product, Record<string, string>> = {
  web: { ...BASE, version: '1.0', charset_name: 'UTF-8' },
  aggregate: { ...BASE, version: '1.1', userreq_ip: '203_0_113_7' },
  easypay: { ...BASE, version: '1.0', userreq_ip: '203_0_113_7', pay_type: 'M' },
  h5: { ...BASE, version: '1.0', app_request: '3' },
};

/** "null" in any case, with or without surrounding whitespace. */
const nullText = fc
  .tuple(fc.stringMatching(/^[nN][uU][lL][lL]$/), fc.constantFrom('', ' ', '\t', '  '), fc.constantFrom('', ' ', '\n'))
  .map(([word, before, after]) => `${before}${word}${after}`);

describe('"null" values (spec §8 #12)', () => {
  it('are refused with null_value in every field of every product, and nothing else is reported for that field', () => {
    for (const product of PRODUCTS) {
      for (const field of Object.keys(PRODUCT_SPECS[product].fields)) {
        fc.assert(fc.property(nullText, (value) => {
          const vs = validateFields(product, { ...VALID[product], [field]: value }).filter((v) => v.field === field);
          expect(vs.map((v) => v.rule), `${product}.${field}=${JSON.stringify(value)}`).toEqual(['null_value']);
        }), { numRuns: 5 });
      }
    }
  });

  it('point at the usual cause, a String(null) in the shop backend', () => {
    const [v] = validateFields('web', { ...VALID.web, name_goods: 'NULL' });
    expect(v).toMatchObject({ field: 'name_goods', rule: 'null_value' });
    expect(v?.message).toContain('String(null)');
    expect(v?.message).toContain('§8 #12');
  });

  it('are refused inside risk_item too, with the path of each one', () => {
    const risk = JSON.stringify({
      frms_ware_category: '1009', user_info_bind_phone: 'null', user_info_full_name: ' Null',
      airline_list: [{ passenger_name: 'NULL', ticket_no: 'E1' }], user_info_mercht_userno: 'nullable',
    });
    const vs = validateFields('web', { ...VALID.web, risk_item: risk });
    expect(vs.map((v) => `${v.field}:${v.rule}`)).toEqual([
      'risk_item.user_info_bind_phone:null_value', 'risk_item.user_info_full_name:null_value', 'risk_item.airline_list[0].passenger_name:null_value',
    ]);
    expect(vs[0]?.message).toContain('Leave the key out of risk_item');
  });

  it('leave values that merely contain "null" alone', () => {
    for (const value of ['nullable', 'Null Island', 'null-tea', 'nul', 'n ull']) {
      expect(validateFields('web', { ...VALID.web, name_goods: value, info_order: value }), value).toEqual([]);
    }
  });
});
