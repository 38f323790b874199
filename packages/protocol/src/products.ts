import { PRODUCT_FIELDS, type FieldTable } from './product-fields.js';

/**
 * The redirect products (spec §3). `web` is the PC web cashier (`bankgateway.htm`, LianLian's Express
 * Pay cashier, §9); `h5` is Easy Pay H5 (`travlepay.htm`); `h5_quickpay` is the H5 quick-pay cashier
 * (`payment.htm`) that LianLian's H5 demos and every real H5 integration found use (§3.4, §9).
 */
export type Product = 'web' | 'aggregate' | 'easypay' | 'h5' | 'h5_quickpay';
export const PRODUCTS: readonly Product[] = ['web', 'aggregate', 'easypay', 'h5', 'h5_quickpay'];

export type { FieldTable } from './product-fields.js';

/**
 * H5 gateways (spec §3.4, §8 #3, §9). Which one applies depends on the product the merchant
 * contracted: `travlepay` (sic) is Easy Pay H5 as documented (product `h5`); `payment` is the
 * quick-pay cashier of LianLian's H5 demos and real integrations (product `h5_quickpay`), and
 * `llpayh5` its address under the old yintong.com.cn brand; `authpay` is authenticated pay.
 */
export const H5_ENDPOINTS = {
  travlepay: 'https://wap.lianlianpay.com/travlepay.htm',
  payment: 'https://wap.lianlianpay.com/payment.htm',
  llpayh5: 'https://yintong.com.cn/llpayh5/payment.htm',
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
  /** Path on that host; a sandbox or alternative host keeps the path (the server's gateway override). */
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
    alternativeUrls: [H5_ENDPOINTS.authpay],
    path: '/travlepay.htm',
    version: '1.0',
    versions: versionsOf(PRODUCT_FIELDS.h5),
    transport: 'req_data',
    fields: PRODUCT_FIELDS.h5,
  },
  h5_quickpay: {
    product: 'h5_quickpay',
    defaultUrl: H5_ENDPOINTS.payment,
    alternativeUrls: [H5_ENDPOINTS.llpayh5],
    path: '/payment.htm',
    // §8 #4: the PHP H5 demo's config and a large e-learning platform send 1.2, Essensoft 1.1.
    version: '1.2',
    versions: versionsOf(PRODUCT_FIELDS.h5_quickpay),
    transport: 'req_data',
    fields: PRODUCT_FIELDS.h5_quickpay,
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
