import type { FieldViolation } from './errors.js';

/** The four redirect products (spec §3). `web` is the PC web cashier / online banking (bankgateway). */
export type Product = 'web' | 'aggregate' | 'easypay' | 'h5';
export const PRODUCTS: readonly Product[] = ['web', 'aggregate', 'easypay', 'h5'];

export interface ProductSpec {
  product: Product;
  /** Documented gateway URL on LianLian's hosts (spec §3). */
  defaultUrl: string;
  /** Path on that host; a sandbox or alternative host keeps the path (LIANLIAN_GATEWAY_URL). */
  path: string;
  /** Documented `version` value to send. */
  version: string;
  /** `flat`: one form field per parameter; `req_data`: one field holding the JSON (H5, spec §3.4). */
  transport: 'flat' | 'req_data';
}

// TODO(protocol helper): fill in every product's rules (spec §3.1–§3.4).
export const PRODUCT_SPECS: Readonly<Record<Product, ProductSpec>> = {
  web: { product: 'web', defaultUrl: 'https://payment.lianlianpay.com/payment/bankgateway.htm', path: '/payment/bankgateway.htm', version: '1.0', transport: 'flat' },
  aggregate: { product: 'aggregate', defaultUrl: 'https://wallet.lianlianpay.com/aggregateweb/gateway.htm', path: '/aggregateweb/gateway.htm', version: '1.1', transport: 'flat' },
  easypay: { product: 'easypay', defaultUrl: 'https://payment.lianlianpay.com/payment/traveleasypay.htm', path: '/payment/traveleasypay.htm', version: '1.0', transport: 'flat' },
  h5: { product: 'h5', defaultUrl: 'https://wap.lianlianpay.com/travlepay.htm', path: '/travlepay.htm', version: '1.0', transport: 'req_data' },
};

/** Every violation of the product's field rules (required, max length, allowed values), with field names. */
export declare function validateFields(product: Product, fields: Readonly<Record<string, string | undefined>>): FieldViolation[];
