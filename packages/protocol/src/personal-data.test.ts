import { describe, expect, it } from 'vitest';
import { maskCardNo, PLAIN_FIELDS, PRODUCT_SPECS, PRODUCTS, SECRET_FIELDS } from './index.js';

describe('personal data field lists', () => {
  it('lists every field a product table marks secret, and none of them as plain', () => {
    expect([...SECRET_FIELDS].sort()).toEqual(['acct_name', 'card_no', 'id_no', 'no_agree', 'risk_item', 'sign']);
    for (const product of PRODUCTS) {
      for (const [name, rule] of Object.entries(PRODUCT_SPECS[product].fields)) {
        if (rule.secret) expect(SECRET_FIELDS).toContain(name);
      }
    }
    for (const name of ['no_agree', 'acct_name', 'card_no', 'id_no', 'risk_item', 'bind_mob']) expect(PLAIN_FIELDS.has(name)).toBe(false);
    for (const name of ['oid_paybill', 'money_order', 'result_pay', 'no_order', 'sta_refund', 'name_goods', 'info_order']) expect(PLAIN_FIELDS.has(name)).toBe(true);
  });

  it('masks a card number down to its last four digits', () => {
    expect(maskCardNo('6222020200112233445')).toBe('***************3445');
    expect(maskCardNo('1234')).toBe('****');
    expect(maskCardNo('')).toBe('');
  });
});
