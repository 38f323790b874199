import { expect, test as base, type Page } from '@playwright/test';
import { getServerOrder, sandboxNotifications, SANDBOX, SHOP, type NotificationAttempt, type ServerOrder } from './stack.js';

/** The demo shop as a buyer uses it: pick a product, buy, pay with the element, come back. */
export interface Shop {
  /** Opens the shop, buys `sku` with `product`, and returns the order number the checkout page shows. */
  buy(sku: string, product?: string): Promise<string>;
  /** Clicks the element's pay button and waits for the sandbox's cashier. */
  payOnSandbox(): Promise<void>;
  /** Waits until the buyer is back on the shop. */
  backAtShop(noOrder?: string): Promise<void>;
}

/** What the signing server and the sandbox know about an order (their own APIs, not the page). */
export interface Stack {
  order(noOrder: string): Promise<ServerOrder>;
  notifications(noOrder: string): Promise<NotificationAttempt[]>;
  /** Waits until the signing server reports the order paid. */
  expectPaid(noOrder: string): Promise<void>;
}

function shopFor(page: Page): Shop {
  return {
    async buy(sku, product) {
      await page.goto(SHOP);
      if (product) await page.getByTestId(`product-${sku}`).selectOption(product);
      await page.getByTestId(`buy-${sku}`).click();
      await expect(page).toHaveURL(/\/checkout\//);
      const noOrder = (await page.getByTestId('no-order').textContent())?.trim() ?? '';
      expect(noOrder).not.toBe('');
      return noOrder;
    },
    async payOnSandbox() {
      await page.locator('lianlian-checkout').getByRole('button').click();
      await page.waitForURL((url) => url.origin === SANDBOX, { timeout: 15_000 });
    },
    async backAtShop(noOrder) {
      await page.waitForURL((url) => url.origin === SHOP && (noOrder === undefined || url.pathname === `/orders/${noOrder}`), { timeout: 15_000 });
    },
  };
}

const stack: Stack = {
  order: getServerOrder,
  notifications: sandboxNotifications,
  expectPaid: (noOrder) => expect.poll(async () => (await getServerOrder(noOrder)).status, { timeout: 15_000 }).toBe('paid'),
};

/** Playwright's `test` with the `shop` and `stack` fixtures the e2e specs share. */
export const test = base.extend<{ shop: Shop; stack: Stack }>({
  shop: async ({ page }, use) => {
    await use(shopFor(page));
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
  stack: async ({}, use) => {
    await use(stack);
  },
});

export { expect };
