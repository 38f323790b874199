// Accessibility (axe, keyboard, focus) and visual artefacts: screenshots in both locales and a theme.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.js';
import type { Page, TestInfo } from '@playwright/test';
import type { FixtureServer } from './fixture-server.js';
import { checkoutTag, deferred, fulfillJson, pageUrl, problem, routeSigning, STATUS_URL } from './helpers.js';

const THEME = `<style>
  lianlian-checkout, lianlian-order-status {
    --lianlian-checkout-accent: #6a1b9a;
    --lianlian-checkout-radius: 999px;
    --lianlian-checkout-font: Georgia, serif;
    --lianlian-checkout-spacing: 16px;
  }
  lianlian-checkout::part(label) { letter-spacing: 0.05em; }
</style>`;

/** A checkout page like the demo's: a heading, the button with an amount, and a status box. */
function showcase(server: FixtureServer, extra = ''): string {
  return `${extra}<h1>Checkout</h1><p>Order ORD1</p>${checkoutTag(server, 'amount="128.00"')}
    <h2>Status</h2><lianlian-order-status endpoint="${STATUS_URL}" token="tok_1" interval="20"></lianlian-order-status>`;
}

async function routePaid(page: Page): Promise<void> {
  await page.route((url) => url.href.startsWith(STATUS_URL), (route) => fulfillJson(route, 200, { no_order: 'ORD1', status: 'paid' }));
}

async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('axe finds no violations on a checkout page, idle and after an error', async ({ page, server }) => {
  await routePaid(page);
  await routeSigning(page, (route) => fulfillJson(route, 429, problem(429, 'rate_limited', { retryable: true })));
  await page.goto(pageUrl(server, { body: showcase(server) }));
  await expect(page.locator('lianlian-order-status')).toHaveAttribute('status', 'paid');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByRole('button').click();
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('keyboard only: Tab reaches the button with a visible focus ring; Enter starts checkout', async ({ page, server }) => {
  const release = deferred();
  await routeSigning(page, async (route) => {
    await release.promise;
    await route.abort('failed');
  });
  await page.goto(pageUrl(server, { body: checkoutTag(server) }));
  await page.keyboard.press('Tab');
  const button = page.getByRole('button');
  await expect(button).toBeFocused();
  const outline = await button.evaluate((b) => getComputedStyle(b).outlineStyle);
  expect(outline).toBe('solid');
  await page.keyboard.press('Enter');
  await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'signing');
  await expect(button).toBeFocused();
  release.resolve();
  await expect(page.locator('lianlian-checkout [part="message"]')).toHaveText('Could not reach the payment service. Please try again.');
  await expect(button).toBeFocused();
});

test('page CSS beats the element\'s layered styles without !important', async ({ page, server }) => {
  await page.goto(pageUrl(server, { body: `<style>lianlian-checkout::part(button){background:rgb(0, 128, 0)}</style>${checkoutTag(server)}` }));
  expect(await page.getByRole('button').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(0, 128, 0)');
});

test('custom properties theme the element', async ({ page, server }) => {
  await page.goto(pageUrl(server, { body: THEME + checkoutTag(server) }));
  const style = await page.getByRole('button').evaluate((b) => {
    const s = getComputedStyle(b);
    return [s.backgroundColor, s.borderTopLeftRadius, s.fontFamily];
  });
  expect(style).toEqual(['rgb(106, 27, 154)', '999px', 'Georgia, serif']);
});

test('reduced motion stops the spinner', async ({ page, server }) => {
  const release = deferred();
  await routeSigning(page, async (route) => {
    await release.promise;
    await route.abort('failed');
  });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(pageUrl(server, { body: checkoutTag(server) }));
  await page.getByRole('button').click();
  const spinner = page.locator('lianlian-checkout [part="spinner"]');
  expect(await spinner.evaluate((s) => getComputedStyle(s).animationName)).toBe('none');
  release.resolve();
});

test('forced colours keep the button outlined', async ({ page, server }) => {
  await page.emulateMedia({ forcedColors: 'active' });
  await page.goto(pageUrl(server, { body: checkoutTag(server) }));
  expect(await page.getByRole('button').evaluate((b) => getComputedStyle(b).borderTopStyle)).toBe('solid');
  expect(await page.getByRole('button').evaluate((b) => getComputedStyle(b).borderTopColor)).not.toBe('rgba(0, 0, 0, 0)');
});

for (const [name, lang, extra] of [
  ['checkout-en', 'en', ''],
  ['checkout-zh-CN', 'zh-CN', ''],
  ['checkout-theme', 'en', THEME],
] as const) {
  test(`screenshot: ${name}`, async ({ page, server }, testInfo) => {
    await routePaid(page);
    await routeSigning(page, (route) => fulfillJson(route, 410, problem(410, 'token_expired')));
    await page.setViewportSize({ width: 560, height: 420 });
    await page.goto(pageUrl(server, { lang, body: showcase(server, extra) + `<p>${checkoutTag(server, 'id="failing"')}</p>` }));
    await expect(page.locator('lianlian-order-status')).toHaveAttribute('status', 'paid');
    await page.locator('#failing button').click();
    await expect(page.locator('#failing')).toHaveAttribute('status', 'error');
    await snapshot(page, testInfo, name);
  });
}
