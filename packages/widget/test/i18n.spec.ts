// Locale from `lang` on the element or its nearest ancestor, and integrator overrides.
import { expect, test } from './fixtures.js';
import { checkoutTag, fulfillJson, pageUrl, problem, recordedEvents, recordEvents, routeSigning } from './helpers.js';

test('lang="zh-CN" on the element', async ({ page, server }) => {
  await page.goto(pageUrl(server, { body: checkoutTag(server, 'lang="zh-CN" amount="12.50"') }));
  await expect(page.getByRole('button')).toHaveText('连连支付 ¥12.50');
});

test('lang on the nearest ancestor, and the element follows later changes of its own lang', async ({ page, server }) => {
  await page.goto(pageUrl(server, { lang: 'en', body: `<div lang="zh-Hans-CN"><section>${checkoutTag(server)}</section></div>` }));
  await expect(page.getByRole('button')).toHaveText('连连支付');
  await page.locator('lianlian-checkout').evaluate((el: HTMLElement) => (el.lang = 'en'));
  await expect(page.getByRole('button')).toHaveText('Pay with LianLian');
});

test('<html lang> applies, and anything not Chinese falls back to English', async ({ page, server }) => {
  await page.goto(pageUrl(server, { lang: 'zh-CN', body: checkoutTag(server, 'id="zh"') + `<div lang="fr">${checkoutTag(server, 'id="fr"')}</div>` }));
  await expect(page.locator('#zh button')).toHaveText('连连支付');
  await expect(page.locator('#fr button')).toHaveText('Pay with LianLian');
});

test('inside another component\'s shadow root, lang comes from the host\'s ancestors', async ({ page, server }) => {
  await page.goto(pageUrl(server, { lang: 'zh-CN', body: '<div id="host"></div>' }));
  await page.evaluate(() => {
    const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
    root.append(document.createElement('lianlian-checkout'));
  });
  await expect(page.locator('#host lianlian-checkout button')).toHaveText('连连支付');
});

test('errors are localised too', async ({ page, server }) => {
  await routeSigning(page, (route) => fulfillJson(route, 410, problem(410, 'token_expired')));
  await page.goto(pageUrl(server, { lang: 'zh-CN', body: checkoutTag(server) }));
  await recordEvents(page);
  await page.getByRole('button').click();
  await expect(page.locator('lianlian-checkout [part="message"]')).toHaveText('结算已过期，请从购物车重新结算。');
  expect((await recordedEvents(page))[0].detail).toMatchObject({ code: 'token_expired', message: '结算已过期，请从购物车重新结算。' });
});

test('the messages property overrides single strings, keeping the rest', async ({ page, server }) => {
  await routeSigning(page, (route) => fulfillJson(route, 404, problem(404, 'token_unknown')));
  await page.goto(pageUrl(server, { lang: 'zh-CN', body: checkoutTag(server) }));
  await page.locator('lianlian-checkout').evaluate((el) => {
    (el as HTMLElement & { messages: Record<string, string> }).messages = { pay: '立即付款', 'error.token': '请刷新页面' };
  });
  await expect(page.getByRole('button')).toHaveText('立即付款');
  await page.getByRole('button').click();
  await expect(page.locator('lianlian-checkout [part="message"]')).toHaveText('请刷新页面');
});
