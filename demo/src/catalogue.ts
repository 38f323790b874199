import type { Product } from '@lianlian-checkout/protocol';

/** The demo's catalogue. Prices are integer fen and live only on the shop's server. */
export interface CatalogueItem {
  sku: string;
  name: string;
  nameEn: string;
  priceFen: number;
}

export const CATALOGUE: readonly CatalogueItem[] = [
  { sku: 'tea', name: '西湖龙井茶 试饮装', nameEn: 'Longjing tea sample', priceFen: 1 },
  { sku: 'mug', name: '青瓷马克杯', nameEn: 'Celadon mug', priceFen: 990 },
  { sku: 'notebook', name: '宣纸笔记本', nameEn: 'Xuan paper notebook', priceFen: 4900 },
];

export const PAYMENT_PRODUCTS: ReadonlyArray<{ product: Product; label: string }> = [
  { product: 'web', label: '网银 / Web cashier (bankgateway)' },
  { product: 'aggregate', label: '聚合支付 / Aggregate web' },
  { product: 'easypay', label: '认证支付 / Easy Pay (cards)' },
  { product: 'h5', label: 'H5 认证支付 / Easy Pay H5 (travlepay)' },
  { product: 'h5_quickpay', label: 'H5 快捷支付 / Mobile quick pay (payment.htm)' },
];

export function findItem(sku: unknown): CatalogueItem | undefined {
  return CATALOGUE.find((i) => i.sku === sku);
}

/** `990` → `9.90`: the amount as the element's `amount` attribute takes it (no currency sign). */
export function formatAmount(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

export function formatPrice(fen: number): string {
  return `¥${formatAmount(fen)}`;
}

/** "网银 / Web cashier (bankgateway)" for `web`: what a person reads, not the product code. */
export function productLabel(product: string): string {
  return PAYMENT_PRODUCTS.find((p) => p.product === product)?.label ?? product;
}
