import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { SANDBOX, SHOP, getServerOrder } from './stack.js';

/**
 * Every redirect product: the signing server's form reaches the sandbox, verifies there (a bad
 * signature or missing field would show LianLian's error page instead), and a payment completes.
 */
const successCard = (): string => {
  // The sandbox documents its Easy Pay test cards; the success card is the one marked "success".
  const doc = readFileSync('docs/sandbox.md', 'utf8');
  const match = /\|\s*`?(\d{12,19})`?\s*\|[^\n]*success/i.exec(doc);
  if (!match?.[1]) throw new Error('docs/sandbox.md lists no Easy Pay success test card');
  return match[1];
};

for (const product of ['web', 'aggregate', 'easypay', 'h5'] as const) {
  test(`${product}: the signed form verifies at the sandbox and the payment completes`, async ({ page }) => {
    await page.goto(SHOP);
    await page.getByTestId('product-tea').selectOption(product);
    await page.getByTestId('buy-tea').click();
    const noOrder = (await page.getByTestId('no-order').textContent())?.trim() ?? '';
    await page.locator('lianlian-checkout').getByRole('button').click();

    await page.waitForURL((url) => url.origin === SANDBOX, { timeout: 15_000 });
    await expect(page.getByTestId('sandbox-error')).toHaveCount(0);
    await expect(page.getByTestId('sandbox-amount')).toContainText('0.01');
    if (product === 'easypay' || product === 'h5') await page.getByTestId('sandbox-card-no').fill(successCard());
    await page.getByTestId('sandbox-pay').click();
    // H5 without syschnotify_flag=1 returns only when the buyer taps "return" (spec §3.4).
    if (product === 'h5') await page.getByTestId('sandbox-return').click();

    await page.waitForURL((url) => url.origin === SHOP, { timeout: 15_000 });
    await expect.poll(async () => (await getServerOrder(noOrder)).status, { timeout: 15_000 }).toBe('paid');
  });
}
