import { expect, test } from './fixtures.js';

/**
 * The walking skeleton, end to end in Chromium: the demo shop, the signing server and the sandbox
 * as three processes talking real HTTP. A buyer pays and the order is paid because a verified
 * notification said so; a failed payment leaves it unpaid.
 */
test('a buyer pays on the sandbox and the order is paid by the verified notification', async ({ page, shop, stack }) => {
  const noOrder = await shop.buy('tea', 'web');
  await shop.payOnSandbox();
  await expect(page.getByTestId('sandbox-amount')).toContainText('0.01');
  await page.getByTestId('sandbox-pay').click();

  await shop.backAtShop(noOrder);
  await stack.expectPaid(noOrder);
  await page.reload();
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'paid');

  const order = await stack.order(noOrder);
  expect(order.amount).toBe('0.01');
  expect(order.events.filter((e) => e.type === 'notify_verified')).toHaveLength(1);

  const acknowledged = (await stack.notifications(noOrder)).filter((a) => a.ok);
  expect(acknowledged).toHaveLength(1);
  expect(JSON.stringify(acknowledged[0])).toContain('0000');
});

test('Fail on the sandbox page leaves the order unpaid and sends no notification', async ({ page, shop, stack }) => {
  const noOrder = await shop.buy('mug', 'web');
  await shop.payOnSandbox();
  await page.getByTestId('sandbox-fail').click();

  await expect(page.getByText(/失败|failed/i).first()).toBeVisible();
  const order = await stack.order(noOrder);
  expect(['pending', 'failed']).toContain(order.status);
  expect(order.status).not.toBe('paid');
  expect(await stack.notifications(noOrder)).toHaveLength(0);
});
