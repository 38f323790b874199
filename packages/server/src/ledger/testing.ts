import { randomBytes } from 'node:crypto';
import type { NewOrder } from './types.js';

/** Order fixtures for ledger and payments tests (not part of the public API). */
export function newOrder(overrides: Partial<NewOrder> = {}, at = new Date('2026-03-01T04:00:00Z')): NewOrder {
  const noOrder = overrides.noOrder ?? `T${randomBytes(8).toString('hex')}`;
  return {
    noOrder,
    product: 'web',
    amountFen: 4995,
    nameGoods: '测试商品',
    userId: 'u10001',
    busiPartner: '101001',
    dtOrder: '20260301120000',
    infoOrder: undefined,
    urlOrder: undefined,
    validOrderMinutes: 30,
    customerIp: '203.0.113.7',
    riskItem: { frms_ware_category: '1009', user_info_mercht_userno: 'u10001' },
    extra: {},
    createdAt: at,
    expiresAt: new Date(at.getTime() + 30 * 60_000),
    checkoutTokenHash: randomBytes(32).toString('hex'),
    checkoutTokenExpiresAt: new Date(at.getTime() + 15 * 60_000),
    ...overrides,
  };
}
