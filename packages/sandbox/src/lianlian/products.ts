/**
 * LianLian's redirect gateways (spec §3). Each path belongs to one product the merchant must have
 * enabled (3010 otherwise) and has its own versions, required fields and `pay_type` range.
 */
export const PRODUCTS = ['web', 'aggregate', 'easypay', 'h5'] as const;
export type Product = (typeof PRODUCTS)[number];

/** What the hosted page asks of the buyer: a bank (online banking) or a card (Easy Pay / H5). */
export type Instrument = 'bank' | 'card';

export interface Gateway {
  readonly path: string;
  readonly product: Product;
  readonly versions: readonly string[];
  /** Required on top of the fields every payment needs (`COMMON_REQUIRED`). */
  readonly required: readonly string[];
  readonly payTypes: readonly string[];
  readonly payTypeRequired: boolean;
  readonly defaultPayType: string;
  readonly instrument: Instrument;
  /** H5 gateways take one form field `req_data` holding the JSON of all parameters (spec §3.4). */
  readonly reqData: boolean;
}

export const COMMON_REQUIRED: readonly string[] = [
  'version', 'oid_partner', 'user_id', 'timestamp', 'sign_type', 'sign', 'busi_partner',
  'no_order', 'dt_order', 'name_goods', 'money_order', 'notify_url', 'risk_item',
];

const H5_VERSIONS = ['1.0', '1.1', '1.2'];
const AGGREGATE_PAY_TYPES = ['0', '1', '8', '9', '2', '3', 'D', 'I', 'L', 'M', 'F'];

export const GATEWAYS: readonly Gateway[] = [
  { path: '/payment/bankgateway.htm', product: 'web', versions: ['1.0'], required: [], payTypes: ['1', '8', '9'], payTypeRequired: false, defaultPayType: '1', instrument: 'bank', reqData: false },
  { path: '/aggregateweb/gateway.htm', product: 'aggregate', versions: ['1.0', '1.1'], required: ['userreq_ip'], payTypes: AGGREGATE_PAY_TYPES, payTypeRequired: false, defaultPayType: '1', instrument: 'bank', reqData: false },
  { path: '/payment/traveleasypay.htm', product: 'easypay', versions: ['1.0'], required: ['userreq_ip'], payTypes: ['M', 'F'], payTypeRequired: true, defaultPayType: 'M', instrument: 'card', reqData: false },
  { path: '/travlepay.htm', product: 'h5', versions: H5_VERSIONS, required: ['app_request'], payTypes: ['M', 'F'], payTypeRequired: true, defaultPayType: 'M', instrument: 'card', reqData: true },
  { path: '/payment.htm', product: 'h5', versions: H5_VERSIONS, required: ['app_request'], payTypes: ['2', '3', 'M', 'F', 'D'], payTypeRequired: false, defaultPayType: '2', instrument: 'card', reqData: true },
  { path: '/authpay.htm', product: 'h5', versions: H5_VERSIONS, required: ['app_request'], payTypes: ['D', 'P'], payTypeRequired: false, defaultPayType: 'D', instrument: 'card', reqData: true },
];

export function isProduct(value: unknown): value is Product {
  return typeof value === 'string' && (PRODUCTS as readonly string[]).includes(value);
}
