/** What the server process (servers.ts) tells the load generator (run.ts). */
export const BENCH_ORIGIN = 'http://shop.bench:3000';
export const BENCH_SHOP_KEY = 'bench-shop-api-key-0123456789';

export interface Target {
  name: string;
  url: string;
  /** Request bodies: checkout tokens of this target's own orders (the floors ignore them). */
  bodies: string[];
  role: 'floor' | 'async-floor' | 'checkout';
}
