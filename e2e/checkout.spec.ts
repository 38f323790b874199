import { expect, test, type Page } from '@playwright/test';
import { SANDBOX, SHOP, getServerOrder, sandboxNotifications } from './stack.js';

/**
 * The walking skeleton, end to end in Chromium: the demo shop, the signing server and the sandbox
 * as three processes talking real HTTP. A buyer pays and the order is paid because a verified
 * notification said so; a failed payment leaves it unpaid.
 */
async function buy(page: Page, sku: string, product = 'web'): Promise<string> {
  await page.goto(SHOP);
  await page.getByTestId(`product-${sku}`).selectOption(product);
  await page.getByTestId(`buy-${sku}`).click();
  await expect(page).toHaveURL(/\/checkout\//);
  const noOrder = (await page.getByTestId('no-order').textContent())?.trim() ?? '';
  expect(noOrder).not.toBe('');
  return noOrder;
}

function payButton(page: Page) {
  return page.locator('lianlian-checkout').getByRole('button');
}

test('a buyer pays on the sandbox and the order is paid by the verified notification', async ({ page }) => {
  const noOrder = await buy(page, 'tea');
  await payButton(page).click();

  await page.waitForURL((url) => url.origin === SANDBOX, { timeout: 15_000 });
  await expect(page.getByTestId('sandbox-amount')).toContainText('0.01');
  await page.getByTestId('sandbox-pay').click();

  await page.waitForURL((url) => url.origin === SHOP && url.pathname === `/orders/${noOrder}`, { timeout: 15_000 });
  await expect
    .poll(async () => (await getServerOrder(noOrder)).status, { timeout: 15_000 })
    .toBe('paid');
  await page.reload();
  await expect(page.getByTestId('order-status')).toHaveText('paid');

  const order = await getServerOrder(noOrder);
  expect(order.amount).toBe('0.01');
  expect(order.events.filter((e) => e.type === 'notify_verified')).toHaveLength(1);

  const attempts = await sandboxNotifications(noOrder);
  const acknowledged = attempts.filter((a) => a.ok);
  expect(acknowledged).toHaveLength(1);
  expect(JSON.stringify(acknowledged[0])).toContain('0000');
});

test('Fail on the sandbox page leaves the order unpaid and sends no notification', async ({ page }) => {
  const noOrder = await buy(page, 'mug');
  await payButton(page).click();
  await page.waitForURL((url) => url.origin === SANDBOX, { timeout: 15_000 });
  await page.getByTestId('sandbox-fail').click();

  await expect(page.getByText(/失败|failed/i).first()).toBeVisible();
  const order = await getServerOrder(noOrder);
  expect(['pending', 'failed']).toContain(order.status);
  expect(order.status).not.toBe('paid');
  expect(await sandboxNotifications(noOrder)).toHaveLength(0);
});
