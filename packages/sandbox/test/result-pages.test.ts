import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCashier, postForm, SHOP, startSandbox, webFields, type Harness } from './support/sandbox.js';

/**
 * Every way off the cashier leads back to the merchant (issue 18): failure, cancel, a closed order
 * and a paid one reached again all offer 返回商户 / Back to merchant, to the merchant's `back_url`,
 * else `url_order`, else the shop's origin.
 */
let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(async () => {
  await h.close();
});

const h5Fields = (o: Record<string, string> = {}): Record<string, string> => {
  const { charset_name: _c, userreq_ip: _u, url_order: _o, ...base } = webFields();
  return { ...base, app_request: '3', pay_type: 'M', ...o };
};
const SERVER_RETURN = 'http://server.test:4000/lianlian/return';
const backLink = (page: string): string | undefined => /<a [^>]*href="([^"]*)" data-testid="sandbox-back-to-merchant"/.exec(page)?.[1]?.replace(/&amp;/g, '&');

describe('返回商户 / Back to merchant', () => {
  it('Fail offers back_url first, in both languages', async () => {
    const fields = webFields({ url_return: SERVER_RETURN, url_order: `${SHOP}/cart`, back_url: `${SHOP}/orders/1?back=1` });
    const cashier = await openCashier(h.base, '/payment/bankgateway.htm', fields);
    const zh = await (await postForm(`${cashier}/fail`, {})).text();
    expect(backLink(zh)).toBe(`${SHOP}/orders/1?back=1`);
    expect(zh).toContain('>返回商户</a>');
    const en = await (await fetch(`${cashier}?lang=en`)).text();
    expect(en).toContain('data-testid="sandbox-failed"');
    expect(en).toContain('>Back to merchant</a>');
    expect(backLink(en)).toBe(`${SHOP}/orders/1?back=1`);
  });

  it('Cancel offers url_order when there is no back_url (aggregate), and resuming is a separate link', async () => {
    const fields = webFields({ version: '1.1', url_return: SERVER_RETURN, url_order: `${SHOP}/cart` });
    delete fields.charset_name;
    const cashier = await openCashier(h.base, '/aggregateweb/gateway.htm', fields);
    const page = await (await postForm(`${cashier}/cancel`, {})).text();
    expect(backLink(page)).toBe(`${SHOP}/cart`);
    expect(page).toMatch(/href="\/cashier\/[^"]+\?lang=zh" data-testid="sandbox-resume">继续支付</);
  });

  it('without back_url or url_order it goes to the shop origin the request came from, not to url_return', async () => {
    const fields = h5Fields({ url_return: SERVER_RETURN });
    const cashier = await openCashier(h.base, '/travlepay.htm', fields, { h5: true });
    const page = await (await postForm(`${cashier}/cancel`, { lang: 'en' })).text();
    expect(backLink(page)).toBe(`${SHOP}/`);
  });

  it('a closed order offers it too', async () => {
    const cashier = await openCashier(h.base, '/payment/bankgateway.htm', webFields({ url_return: SERVER_RETURN, valid_order: '1', back_url: `${SHOP}/back` }));
    h.clock.now = new Date(Date.now() + 2 * 60_000);
    try {
      const page = await (await postForm(`${cashier}/pay`, { bank_code: '01020000', lang: 'en' })).text();
      expect(page).toContain('data-testid="sandbox-closed"');
      expect(backLink(page)).toBe(`${SHOP}/back`);
    } finally {
      h.clock.now = undefined;
    }
  });
});

describe('a paid order reached again (Back after paying)', () => {
  it('GET shows "already paid" with 已付金额 and the way back, never a live cashier, and is not cached', async () => {
    const fields = webFields({ url_return: SERVER_RETURN, url_order: `${SHOP}/cart` });
    const cashier = await openCashier(h.base, '/payment/bankgateway.htm', fields);
    const paid = await (await postForm(`${cashier}/pay`, { bank_code: '01020000' })).text();
    expect(paid).toContain('已付金额');
    expect(paid).not.toContain('应付金额');
    const res = await fetch(cashier);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const again = await res.text();
    expect(again).toContain('data-testid="sandbox-already-paid"');
    expect(again).toContain('订单已支付');
    expect(again).not.toContain('data-testid="sandbox-pay"');
    expect(backLink(again)).toBe(`${SHOP}/cart`);
    const en = await (await fetch(`${cashier}?lang=en`)).text();
    expect(en).toContain('Amount paid');
    expect(en).toContain('>Back to merchant</a>');
    const cancel = await (await postForm(`${cashier}/cancel`, {})).text();
    expect(cancel).toContain('data-testid="sandbox-already-paid"');
  });
});
