import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { SHOP } from './stack.js';

/** The demo's checkout page, with the element rendered, has no axe violations. */
test('the demo checkout page with <lianlian-checkout> has no axe violations', async ({ page }) => {
  await page.goto(SHOP);
  await page.getByTestId('buy-tea').click();
  await expect(page).toHaveURL(/\/checkout\//);
  await expect(page.locator('lianlian-checkout').getByRole('button')).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
