// Checkout under the strict Content-Security-Policy from issue 7, end to end against the fixture's
// stand-in signing server and gateway (no page.route: every byte comes from the fixture server).
import { expect, test } from './fixtures.js';
import { LIANLIAN_ORIGINS, pageUrl } from './helpers.js';

test("default-src 'self'; script-src 'self'; style-src 'self'; form-action <gateway>: checkout works", async ({ page, server }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const { origin } = server;
  const body = `<lianlian-checkout endpoint="${origin}/v1/checkout" token="tok_csp" gateway-origins="${origin}"></lianlian-checkout>`;
  const response = await page.goto(pageUrl(server, { csp: true, body }));
  expect(response?.headers()['content-security-policy']).toBe(`default-src 'self'; script-src 'self'; style-src 'self'; form-action ${origin}`);
  await page.evaluate(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to ${e.effectiveDirective} ${e.blockedURI}`));
  });

  // The element's styles (constructable stylesheets) apply under style-src 'self'.
  const button = page.getByRole('button', { name: 'Pay with LianLian' });
  expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(11, 87, 208)');

  const checkoutPage = page.url();
  const signed = server.signingRequests.length;
  const posts = server.posts.length;
  await button.click();
  await expect(page.locator('#gateway')).toBeVisible();
  expect(server.signingRequests.slice(signed)).toEqual([{ token: 'tok_csp', gateway_origins: [...LIANLIAN_ORIGINS, origin] }]);
  expect(server.posts.slice(posts)).toEqual([
    {
      path: '/payment/bankgateway.htm',
      contentType: 'application/x-www-form-urlencoded',
      // Same-origin here, so the full URL; cross-origin (LianLian) it is the origin under the default policy.
      referer: checkoutPage,
      fields: { no_order: 'ORD-CSP-1', name_goods: '测试商品 "quoted" <b>', money_order: '0.01', sign: 'c2lnbg==' },
    },
  ]);
  expect(violations).toEqual([]);
});
