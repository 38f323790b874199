import { PRODUCT_FIELDS, type FieldTable } from './product-fields.js';

/** The four redirect products (spec §3). `web` is the PC web cashier / online banking (bankgateway). */
export type Product = 'web' | 'aggregate' | 'easypay' | 'h5';
export const PRODUCTS: readonly Product[] = ['web', 'aggregate', 'easypay', 'h5'];

export type { FieldTable } from './product-fields.js';

/**
 * H5 gateways (spec §3.4, §8 #3). Which one applies depends on the product the merchant contracted:
 * `travlepay` (sic) is Easy Pay H5 as documented; `payment` is quick pay (official PHP H5 demo);
 * `authpay` is authenticated pay.
 */
export const H5_ENDPOINTS = {
  travlepay: 'https://wap.lianlianpay.com/travlepay.htm',
  payment: 'https://wap.lianlianpay.com/payment.htm',
  authpay: 'https://wap.lianlianpay.com/authpay.htm',
} as const;

/** Web cashier hosts (spec §8 #2): `payment.` is documented; `cashier.` is in the 2013-era Java demo. */
export const WEB_ENDPOINTS = {
  payment: 'https://payment.lianlianpay.com/payment/bankgateway.htm',
  cashier: 'https://cashier.lianlianpay.com/payment/bankgateway.htm',
} as const;

export interface ProductSpec {
  product: Product;
  /** Documented gateway URL on LianLian's hosts (spec §3). */
  defaultUrl: string;
  /** Other gateway URLs seen for this product; the server lets the merchant pick one. */
  alternativeUrls: readonly string[];
  /** Path on that host; a sandbox or alternative host keeps the path (LIANLIAN_GATEWAY_URL). */
  path: string;
  /** Default `version` to send; the server makes it configurable (spec §8 #4, #7). */
  version: string;
  /** Every `version` value accepted for this product, default first. */
  versions: readonly string[];
  /** `flat`: one form field per parameter; `req_data`: one field holding the JSON (H5, spec §3.4). */
  transport: 'flat' | 'req_data';
  /** Every field the product accepts, with its rules. */
  fields: FieldTable;
}

function versionsOf(fields: FieldTable): readonly string[] {
  return fields.version?.values ?? [];
}

export const PRODUCT_SPECS: Readonly<Record<Product, ProductSpec>> = {
  web: {
    product: 'web',
    defaultUrl: WEB_ENDPOINTS.payment,
    alternativeUrls: [WEB_ENDPOINTS.cashier],
    path: '/payment/bankgateway.htm',
    version: '1.0',
    versions: versionsOf(PRODUCT_FIELDS.web),
    transport: 'flat',
    fields: PRODUCT_FIELDS.web,
  },
  aggregate: {
    product: 'aggregate',
    defaultUrl: 'https://wallet.lianlianpay.com/aggregateweb/gateway.htm',
    alternativeUrls: [],
    path: '/aggregateweb/gateway.htm',
    version: '1.1',
    versions: versionsOf(PRODUCT_FIELDS.aggregate),
    transport: 'flat',
    fields: PRODUCT_FIELDS.aggregate,
  },
  easypay: {
    product: 'easypay',
    defaultUrl: 'https://payment.lianlianpay.com/payment/traveleasypay.htm',
    alternativeUrls: [],
    path: '/payment/traveleasypay.htm',
    version: '1.0',
    versions: versionsOf(PRODUCT_FIELDS.easypay),
    transport: 'flat',
    fields: PRODUCT_FIELDS.easypay,
  },
  h5: {
    product: 'h5',
    defaultUrl: H5_ENDPOINTS.travlepay,
    alternativeUrls: [H5_ENDPOINTS.payment, H5_ENDPOINTS.authpay],
    path: '/travlepay.htm',
    version: '1.0',
    versions: versionsOf(PRODUCT_FIELDS.h5),
    transport: 'req_data',
    fields: PRODUCT_FIELDS.h5,
  },
};

/**
 * The form fields to POST to the gateway for already signed fields: one per parameter, or for H5
 * a single `req_data` holding their JSON (spec §3.4; the wrapper itself is not signed).
 */
export function gatewayFormFields(product: Product, signed: Readonly<Record<string, string>>): Record<string, string> {
  if (PRODUCT_SPECS[product].transport === 'req_data') return { req_data: JSON.stringify(signed) };
  return { ...signed };
}

export { validateFields, validateSignedFields, assertValidFields } from './validate.js';
