// The development-mode warning about referrer policies that hide the page's origin from LianLian.
import { expect, test } from './fixtures.js';
import { checkoutTag, collectWarnings, fulfillJson, pageUrl, routeSigning, serveAsShopTest, signedForm, warningsSoFar } from './helpers.js';

for (const policy of ['no-referrer', 'same-origin']) {
  test(`on 127.0.0.1, <meta name="referrer" content="${policy}"> warns once, with the fix`, async ({ page, server }) => {
    const warnings = collectWarnings(page);
    await routeSigning(page, (route) => fulfillJson(route, 200, signedForm(server)));
    // Cancel the post: the test is about the warning, and a second click would warn again if it could.
    await page.goto(pageUrl(server, { referrer: policy, body: checkoutTag(server, 'id="a"') + checkoutTag(server, 'id="b"') }));
    await page.evaluate(() => document.addEventListener('lianlian-submit', (e) => e.preventDefault()));
    await page.locator('#a button').click();
    await expect(page.locator('#a')).toHaveAttribute('status', 'idle');
    await page.locator('#a button').click();
    expect(await warningsSoFar(page, warnings)).toHaveLength(1);
    expect(warnings[0]).toContain(`"${policy}"`);
    expect(warnings[0]).toContain('strict-origin-when-cross-origin');
  });
}

test('a policy that keeps the origin does not warn', async ({ page, server }) => {
  const warnings = collectWarnings(page);
  await page.goto(pageUrl(server, { referrer: 'strict-origin-when-cross-origin', body: checkoutTag(server) }));
  await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'idle');
  expect(await warningsSoFar(page, warnings)).toEqual([]);
});

test('outside development mode there is no warning; the dev attribute turns it on', async ({ page, server }) => {
  const warnings = collectWarnings(page);
  await serveAsShopTest(page, server);
  await page.goto(`http://shop.test/page?${new URLSearchParams({ body: checkoutTag(server), referrer: 'no-referrer' }).toString()}`);
  await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'idle');
  expect(await warningsSoFar(page, warnings)).toEqual([]);

  await page.goto(`http://shop.test/page?${new URLSearchParams({ body: checkoutTag(server, 'dev'), referrer: 'no-referrer' }).toString()}`);
  await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'idle');
  expect(await warningsSoFar(page, warnings)).toHaveLength(1);
});
