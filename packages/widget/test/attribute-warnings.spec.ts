// The development-mode console warning about attribute values the elements would otherwise ignore or
// misread silently (issue 18).
import { expect, test } from './fixtures.js';
import type { Page } from '@playwright/test';
import { checkoutTag, collectWarnings, fulfillJson, pageUrl, serveAsShopTest, STATUS_URL, warningsSoFar } from './helpers.js';

/** The status route answers `status`: "pending" keeps the order-status element polling, "paid" stops it. */
async function routeStatus(page: Page, status: 'pending' | 'paid'): Promise<void> {
  await page.route((url) => url.href.startsWith(STATUS_URL), (route) => fulfillJson(route, 200, { no_order: 'O1', status }));
}

const MALFORMED_CHECKOUT: [attribute: string, value: string][] = [
  ['amount', '¥9.90'],
  ['amount', '9.9'],
  ['lang', 'zh_CN'],
  ['lang', 'cn'],
  ['timeout', '15s'],
  ['timeout', '0'],
];

for (const [attribute, value] of MALFORMED_CHECKOUT) {
  test(`<lianlian-checkout ${attribute}="${value}"> warns on 127.0.0.1, naming the attribute and value`, async ({ page, server }) => {
    const warnings = collectWarnings(page);
    await page.goto(pageUrl(server, { body: checkoutTag(server, `${attribute}="${value}"`) }));
    await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'idle');
    expect(await warningsSoFar(page, warnings)).toEqual([`[lianlian-checkout] ${attribute}="${value}" is malformed`]);
  });
}

test('the malformed amount falls back to the plain label, and the warning says why', async ({ page, server }) => {
  const warnings = collectWarnings(page);
  await page.goto(pageUrl(server, { body: checkoutTag(server, 'amount="¥9.90"') }));
  await expect(page.getByRole('button', { name: 'Pay with LianLian' })).toBeVisible();
  expect(await warningsSoFar(page, warnings)).toEqual(['[lianlian-checkout] amount="¥9.90" is malformed']);
});

test('valid attributes (and a later valid change) do not warn; a later malformed change does', async ({ page, server }) => {
  await routeStatus(page, 'pending');
  const warnings = collectWarnings(page);
  const attributes = 'amount="9.90" lang="zh-CN" timeout="400" disabled';
  await page.goto(pageUrl(server, { body: checkoutTag(server, attributes) + `<lianlian-order-status endpoint="${STATUS_URL}" token="t" lang="en-GB" interval="1500" time-limit="300000"></lianlian-order-status>` }));
  await expect(page.locator('lianlian-order-status')).toHaveAttribute('status', 'pending');
  const el = page.locator('lianlian-checkout');
  await el.evaluate((node) => node.setAttribute('amount', '12'));
  await expect(page.getByRole('button')).toHaveText('连连支付 ¥12');
  expect(await warningsSoFar(page, warnings)).toEqual([]);
  await el.evaluate((node) => node.setAttribute('amount', '12 元'));
  expect(await warningsSoFar(page, warnings)).toEqual(['[lianlian-checkout] amount="12 元" is malformed']);
});

test('<lianlian-order-status> warns about malformed interval, time-limit and lang', async ({ page, server }) => {
  // Paid at once: with an interval that reads as NaN the element would otherwise poll without pause.
  await routeStatus(page, 'paid');
  const warnings = collectWarnings(page);
  await page.goto(pageUrl(server, { body: `<lianlian-order-status endpoint="${STATUS_URL}" token="t" interval="1.5s" time-limit="5min" lang="chinese"></lianlian-order-status>` }));
  await expect(page.locator('lianlian-order-status')).toHaveAttribute('status', 'paid');
  expect((await warningsSoFar(page, warnings)).sort()).toEqual([
    '[lianlian-order-status] interval="1.5s" is malformed',
    '[lianlian-order-status] lang="chinese" is malformed',
    '[lianlian-order-status] time-limit="5min" is malformed',
  ]);
});

test('outside development mode a malformed attribute does not warn; the dev attribute turns it on', async ({ page, server }) => {
  const warnings = collectWarnings(page);
  await serveAsShopTest(page, server);
  await page.goto(`http://shop.test/page?${new URLSearchParams({ body: checkoutTag(server, 'amount="¥9.90"') }).toString()}`);
  await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'idle');
  expect(await warningsSoFar(page, warnings)).toEqual([]);

  await page.goto(`http://shop.test/page?${new URLSearchParams({ body: checkoutTag(server, 'dev amount="¥9.90"') }).toString()}`);
  await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'idle');
  expect(await warningsSoFar(page, warnings)).toEqual(['[lianlian-checkout] amount="¥9.90" is malformed']);
});
