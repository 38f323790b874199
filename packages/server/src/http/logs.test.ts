import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, SHOP_KEY, startHarness, type Harness } from '../../test/support/harness.js';

/** A full checkout's logs carry no key material, no `sign`, no card or identity numbers. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { LIANLIAN_PRODUCTS: 'web,easypay', LIANLIAN_DEBUG_SIGNATURES: '1' } });
});
afterAll(() => h.close());

const ID_NO = '11010519491231002X';
const CARD_NO = '6222020200112233445';

describe('log redaction', () => {
  it('keeps secrets and personal data out of the logs of a whole checkout', async () => {
    const o = await h.order(orderBody('easypay', { id_no: ID_NO, card_no: CARD_NO, acct_name: '张三', id_type: '0' }));
    const res = await h.checkout(o.checkout_token);
    expect(res.status).toBe(200);
    const form = (await res.json()) as { fields: Record<string, string> };
    expect(form.fields.id_no).toBe(ID_NO);
    await h.get(`/v1/checkout/status?token=${o.checkout_token}`);
    await h.get(`/v1/orders/${o.no_order}`, { authorization: `Bearer ${SHOP_KEY}` });
    // Errors are logged too: an unauthorized call with a wrong key.
    await h.get(`/v1/orders/${o.no_order}`, { authorization: 'Bearer wrong-key-that-must-not-appear' });

    const logs = h.logs.join('');
    expect(h.logs.length).toBeGreaterThanOrEqual(5);
    expect(logs).toContain(o.no_order);
    const privatePem = h.config.signer.signType === 'RSA' ? (h.merchant.privateKey.export({ type: 'pkcs8', format: 'der' })).toString('base64') : '';
    for (const secret of [form.fields.sign, ID_NO, CARD_NO, '张三', SHOP_KEY, o.checkout_token, privatePem.slice(40, 100), 'wrong-key-that-must-not-appear']) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toMatch(/PRIVATE KEY/);
    // The debug canonical string is logged (LIANLIAN_DEBUG_SIGNATURES) without the card fields.
    expect(logs).toContain('checkout canonical string');
  });
});
