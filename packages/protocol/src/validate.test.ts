import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRODUCTS, PRODUCT_SPECS, validateFields } from './index.js';
import { VALID } from '../test/support/fixtures.js';

/** The literal string "null" is never signed (spec §8 #12, §9): refused in every field of every product. */
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
