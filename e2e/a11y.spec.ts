import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.js';

/** The demo's checkout page, with the element rendered, has no axe violations. */
test('the demo checkout page with <lianlian-checkout> has no axe violations', async ({ page, shop }) => {
  await shop.buy('tea');
  await expect(page.locator('lianlian-checkout').getByRole('button')).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
