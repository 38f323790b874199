import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.js';

/**
 * Every redirect product: the signing server's form reaches the sandbox, verifies there (a bad
 * signature or missing field would show LianLian's error page instead), and a payment completes.
 * The mug costs 9.90, which LianLian writes back as "9.9" (Java's Double.toString, spec §9), as the
 * sandbox does by default: the order is paid only if the server reads that amount right.
 */
const successCard = (): string => {
  // The sandbox documents its Easy Pay test cards; the success card is the one marked "success".
  const doc = readFileSync('docs/sandbox.md', 'utf8');
  const match = /\|\s*`?(\d{12,19})`?\s*\|[^\n]*success/i.exec(doc);
  if (!match?.[1]) throw new Error('docs/sandbox.md lists no Easy Pay success test card');
  return match[1];
};

const CARD_PRODUCTS: readonly string[] = ['easypay', 'h5', 'h5_quickpay'];
const H5_PRODUCTS: readonly string[] = ['h5', 'h5_quickpay'];

for (const product of ['web', 'aggregate', 'easypay', 'h5', 'h5_quickpay'] as const) {
  test(`${product}: the signed form verifies at the sandbox and the payment completes`, async ({ page, shop, stack }) => {
    const noOrder = await shop.buy('mug', product);
    await shop.payOnSandbox();
    await expect(page.getByTestId('sandbox-error')).toHaveCount(0);
    await expect(page.getByTestId('sandbox-amount')).toHaveText('9.90');
    // payment.htm is the quick-pay cashier, with its own page (spec §3.4, §9).
    await expect(page.getByTestId('sandbox-quickpay')).toHaveCount(product === 'h5_quickpay' ? 1 : 0);
    if (CARD_PRODUCTS.includes(product)) await page.getByTestId('sandbox-card-no').fill(successCard());
    await page.getByTestId('sandbox-pay').click();
    // H5 without syschnotify_flag=1 returns only when the buyer taps "return" (spec §3.4).
    if (H5_PRODUCTS.includes(product)) await page.getByTestId('sandbox-return').click();

    await shop.backAtShop();
    await stack.expectPaid(noOrder);
    const delivered = (await stack.notifications(noOrder)).find((n) => n.ok);
    expect(delivered?.fields?.money_order).toBe('9.9');
  });
}

test('web without pay_type: the buyer pays by card on the Express Pay cashier, reported as quick pay 2', async ({ page, shop, stack }) => {
  const noOrder = await shop.buy('mug', 'web');
  await shop.payOnSandbox();
  await page.getByTestId('sandbox-method-card').check();
  await page.getByTestId('sandbox-card-no').fill(successCard());
  await page.getByTestId('sandbox-pay').click();

  await shop.backAtShop();
  await stack.expectPaid(noOrder);
  const delivered = (await stack.notifications(noOrder)).find((n) => n.ok);
  expect(delivered?.fields).toMatchObject({ pay_type: '2', money_order: '9.9' });
});
