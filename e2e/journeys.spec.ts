import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { SANDBOX, SERVER, SHOP, getServerOrder } from './stack.js';

/**
 * The buyer's paths off the happy one (issue 18): a failed payment, a cancelled one, Back after
 * paying and an order that expired, each in both languages on a desktop and a phone. Every page
 * a buyer visits fits the screen, and every one of them offers a way on: back to the shop, then
 * a fresh try for the same items.
 */
type Lang = 'zh-CN' | 'en';
const VARIANTS = [
  { lang: 'zh-CN', width: 1280, height: 800 },
  { lang: 'en', width: 1280, height: 800 },
  { lang: 'zh-CN', width: 390, height: 844 },
  { lang: 'en', width: 390, height: 844 },
] as const satisfies ReadonlyArray<{ lang: Lang; width: number; height: number }>;

const WORDS = {
  'zh-CN': {
    switchTo: 'English', failed: '支付失败', cancelled: '已取消支付', closed: '订单已关闭', alreadyPaid: '订单已支付',
    amountPaid: '已付金额', backToMerchant: '返回商户', notCompleted: '支付未完成', expired: '订单已过期', tryAgain: '重新下单',
    pending: '正在确认您的支付', paid: '已支付', checkout: '结算', payment: '网银 / Web cashier',
  },
  en: {
    switchTo: '中文', failed: 'Payment failed', cancelled: 'Payment cancelled', closed: 'Order closed', alreadyPaid: 'Order already paid',
    amountPaid: 'Amount paid', backToMerchant: 'Back to merchant', notCompleted: 'Payment not completed', expired: 'Order expired', tryAgain: 'Try again',
    pending: 'Your payment is being confirmed', paid: 'Paid', checkout: 'Checkout', payment: '网银 / Web cashier',
  },
} as const;

/** Nothing sideways: the document does not scroll horizontally and no element (light or shadow DOM) sticks out. */
async function expectFits(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  const report = await page.evaluate(() => {
    const width = window.innerWidth;
    const wide: string[] = [];
    /** Inside a box that scrolls or clips sideways (from `start` up), so it cannot widen the page. */
    const clipped = (start: Element | null): boolean => {
      for (let p = start; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    const describe = (el: Element): string => `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} class="${el.getAttribute('class') ?? ''}">`;
    const visit = (root: Document | ShadowRoot): void => {
      // Text that runs out of its box (a long order number) counts, not only boxes.
      const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = texts.nextNode(); node; node = texts.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        const r = range.getBoundingClientRect();
        const parent = node.parentElement;
        if (parent && r.width > 0 && (r.right > width + 0.5 || r.left < -0.5) && !clipped(parent)) {
          wide.push(`text "${(node.textContent ?? '').trim().slice(0, 30)}" in ${describe(parent)} ${Math.round(r.left)}..${Math.round(r.right)}`);
        }
      }
      for (const el of root.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5 || r.width > width) && !clipped(el.parentElement)) {
          wide.push(`${describe(el)} ${Math.round(r.left)}..${Math.round(r.right)}`);
        }
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    return { scrollWidth: document.documentElement.scrollWidth, width, wide };
  });
  expect(report.wide, `${page.url()}: elements wider than ${report.width} px`).toEqual([]);
  expect(report.scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(report.width);
}

/** From the shop's catalogue (in `lang`) to LianLian's cashier for a new order; returns its no_order. */
async function checkout(page: Page, lang: Lang, product: string, query = ''): Promise<string> {
  await page.goto(`${SHOP}/?lang=${lang}${query}`);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expectFits(page);
  // The payment <select> stays inside its product card (it used to stick out on a desktop).
  const sticksOut = await page.locator('.card select').evaluateAll((selects) =>
    selects.filter((el) => el.getBoundingClientRect().right > (el.closest('.card')?.getBoundingClientRect().right ?? 0)).length);
  expect(sticksOut).toBe(0);
  await page.getByTestId('product-mug').selectOption(product);
  await page.getByTestId('buy-mug').click();
  await expect(page).toHaveURL(/\/checkout\//);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(WORDS[lang].checkout);
  await expect(page.locator('lianlian-checkout')).toHaveAttribute('lang', lang);
  await expect(page.locator('lianlian-checkout')).toHaveAttribute('amount', '9.90');
  await expect(page.locator('lianlian-checkout').getByRole('button')).toBeVisible();
  await expectFits(page);
  const noOrder = (await page.getByTestId('no-order').textContent())?.trim() ?? '';
  expect(noOrder).not.toBe('');
  return noOrder;
}

/** Pays with the element, lands on the sandbox's cashier, and switches it to English if the buyer reads English. */
async function toCashier(page: Page, lang: Lang): Promise<void> {
  await page.locator('lianlian-checkout').getByRole('button').click();
  await page.waitForURL((url) => url.origin === SANDBOX && url.pathname.startsWith('/cashier/'), { timeout: 30_000 });
  if (lang === 'en') await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByTestId('sandbox-pay')).toBeVisible();
  await expectFits(page);
}

/** On the cashier, presses the sandbox button `testId` and lands on the result page headed `heading`. */
async function pressOnCashier(page: Page, lang: Lang, testId: string, heading: string): Promise<void> {
  await toCashier(page, lang);
  await page.getByTestId(testId).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
}

/** 返回商户 / Back to merchant, then the shop's page for an unpaid order: it says so, with no pending spinner, and offers a new try. */
async function backToShopAndTryAgain(page: Page, lang: Lang, noOrder: string, reason: string): Promise<void> {
  const w = WORDS[lang];
  await page.getByRole('link', { name: w.backToMerchant }).click();
  await page.waitForURL((url) => url.origin === SHOP && url.pathname === `/orders/${noOrder}`);
  await expect(page.getByTestId('order-unpaid')).toContainText(reason);
  await expect(page.getByText(w.pending)).toHaveCount(0);
  await expect(page.locator('lianlian-order-status')).toHaveCount(0);
  await expectFits(page);
  await page.getByRole('button', { name: w.tryAgain }).click();
  await expect(page).toHaveURL(/\/checkout\//);
  const again = (await page.getByTestId('no-order').textContent())?.trim() ?? '';
  expect(again).not.toBe(noOrder);
  await expect(page.getByText(lang === 'en' ? 'Celadon mug' : '青瓷马克杯')).toBeVisible();
  await expect(page.locator('lianlian-checkout').getByRole('button')).toBeVisible();
  await expectFits(page);
}

for (const v of VARIANTS) {
  const w = WORDS[v.lang];
  test.describe(`${v.lang} at ${v.width} px`, () => {
    test.use({ viewport: { width: v.width, height: v.height } });

    test('failure: the sandbox says so and leads back to the shop, which offers a new try', async ({ page }) => {
      const noOrder = await checkout(page, v.lang, 'web');
      await expect(page.getByText(w.payment)).toBeVisible();
      await pressOnCashier(page, v.lang, 'sandbox-fail', w.failed);
      await expectFits(page);
      await backToShopAndTryAgain(page, v.lang, noOrder, w.notCompleted);
    });

    test('cancel: the way back goes to the shop (url_order on the aggregate cashier), not to the cashier', async ({ page }) => {
      const noOrder = await checkout(page, v.lang, 'aggregate');
      await pressOnCashier(page, v.lang, 'sandbox-cancel', w.cancelled);
      await expect(page.getByRole('link', { name: w.backToMerchant })).toHaveAttribute('href', new RegExp(`^${SHOP}/orders/${noOrder}`));
      await expectFits(page);
      await backToShopAndTryAgain(page, v.lang, noOrder, w.notCompleted);
    });

    test('Back after paying: the sandbox shows the order as already paid and leads back to the shop', async ({ page }) => {
      const noOrder = await checkout(page, v.lang, 'web');
      await toCashier(page, v.lang);
      await page.getByTestId('sandbox-pay').click();
      await page.waitForURL((url) => url.origin === SHOP && url.pathname === `/orders/${noOrder}`, { timeout: 15_000 });
      await expect.poll(async () => (await getServerOrder(noOrder)).status, { timeout: 15_000 }).toBe('paid');
      await expectFits(page);

      await page.goBack();
      await expect(page).toHaveURL((url) => url.origin === SANDBOX);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.alreadyPaid);
      await expect(page.getByText(w.amountPaid)).toBeVisible();
      await expect(page.getByTestId('sandbox-pay')).toHaveCount(0);
      await expectFits(page);

      await page.getByRole('link', { name: w.backToMerchant }).click();
      await page.waitForURL((url) => url.origin === SHOP && url.pathname === `/orders/${noOrder}`);
      await expect(page.getByTestId('order-status')).toHaveText(w.paid);
      await expect(page.getByTestId('order-unpaid')).toHaveCount(0);
      await expectFits(page);
    });
  });
}

test.describe('the sandbox dashboard on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('fits 390 px, Reset button included', async ({ page }) => {
    await page.goto(`${SANDBOX}/__sandbox/`);
    // The dashboard reloads itself every 3 s; stop that so the page holds still while it is measured.
    await page.getByLabel('auto-refresh').uncheck();
    const reset = page.getByRole('button', { name: 'Reset orders, logs and faults' });
    await expect(reset).toBeVisible();
    const box = await reset.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    await expectFits(page);
  });
});

/**
 * Expiry takes LianLian's smallest `valid_order`, one real minute. So that the four variants share
 * that minute with the other journeys, their orders are made first, over plain HTTP as a browser
 * would (the shop's form, the element's checkout call, the form post to LianLian), and the buyers
 * come back to them last: to the shop's checkout page, then to the cashier they had left open.
 */
const expiring = new Map<string, { noOrder: string; cashier: string }>();
const variantKey = (v: { lang: Lang; width: number }): string => `${v.lang}@${v.width}`;

async function openExpiringOrder(): Promise<{ noOrder: string; cashier: string }> {
  const made = await fetch(`${SHOP}/buy`, {
    method: 'POST', redirect: 'manual',
    body: new URLSearchParams({ sku: 'mug', product: 'web', nonce: randomUUID(), valid_order: '1' }),
  });
  const noOrder = /\/checkout\/([^/?]+)/.exec(made.headers.get('location') ?? '')?.[1];
  if (made.status !== 303 || !noOrder) throw new Error(`the shop answered ${made.status} to /buy`);
  const page = await (await fetch(`${SHOP}/checkout/${noOrder}`)).text();
  const token = / token="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('no checkout token on the shop\'s checkout page');
  const signed = await fetch(`${SERVER}/v1/checkout`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: SHOP }, body: JSON.stringify({ token }),
  });
  if (!signed.ok) throw new Error(`POST /v1/checkout answered ${signed.status}: ${await signed.text()}`);
  const form = (await signed.json()) as { action: string; fields: Record<string, string> };
  const posted = await fetch(form.action, {
    method: 'POST', redirect: 'manual', headers: { origin: SHOP, referer: `${SHOP}/` }, body: new URLSearchParams(form.fields),
  });
  const location = posted.headers.get('location') ?? '';
  if (posted.status !== 303 || !location.startsWith('/cashier/')) throw new Error(`the sandbox answered ${posted.status}: ${await posted.text()}`);
  return { noOrder, cashier: `${SANDBOX}${location}` };
}

test.beforeAll(async () => {
  if (expiring.size > 0) return;
  for (const v of VARIANTS) expiring.set(variantKey(v), await openExpiringOrder());
});

for (const v of VARIANTS) {
  const w = WORDS[v.lang];
  test.describe(`${v.lang} at ${v.width} px, an order that expired`, () => {
    test.use({ viewport: { width: v.width, height: v.height } });

    test('expired: the shop and the sandbox say so, and the shop offers a new try', async ({ page }) => {
      test.setTimeout(120_000);
      const order = expiring.get(variantKey(v));
      if (!order) throw new Error('the expiring orders were not made');
      await expect.poll(async () => (await getServerOrder(order.noOrder)).status, { timeout: 90_000, intervals: [2_000] }).toBe('expired');

      await page.goto(`${SHOP}/checkout/${order.noOrder}?lang=${v.lang}`);
      await expect(page.getByTestId('order-unpaid')).toContainText(w.expired);
      await expect(page.getByRole('button', { name: w.tryAgain })).toBeVisible();
      await expect(page.locator('lianlian-checkout')).toHaveCount(0);
      await expectFits(page);

      await page.goto(order.cashier);
      if (v.lang === 'en') await page.getByRole('link', { name: 'English' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(w.closed);
      await expect(page.getByTestId('sandbox-pay')).toHaveCount(0);
      await expectFits(page);
      await backToShopAndTryAgain(page, v.lang, order.noOrder, w.expired);
    });
  });
}
