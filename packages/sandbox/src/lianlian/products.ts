/**
 * LianLian's redirect gateways (spec §3). Each path belongs to one product the merchant must have
 * enabled (3010 otherwise) and has its own versions, required fields and `pay_type` range.
 */
export const PRODUCTS = ['web', 'aggregate', 'easypay', 'h5', 'h5_quickpay'] as const;
export type Product = (typeof PRODUCTS)[number];

/**
 * What the hosted page asks of the buyer: a bank (online banking), a card (quick pay, Easy Pay,
 * H5), or, on the Express Pay cashier without a `pay_type`, the buyer's choice of the two.
 */
export type Instrument = 'bank' | 'card' | 'choice';

export interface Gateway {
  readonly path: string;
  readonly product: Product;
  readonly versions: readonly string[];
  /** Required on top of the fields every payment needs (`COMMON_REQUIRED`). */
  readonly required: readonly string[];
  /** `timestamp` is required (§8 #11) everywhere but the H5 quick-pay cashier, where no integration sends it (§9). */
  readonly timestampRequired: boolean;
  readonly payTypes: readonly string[];
  readonly payTypeRequired: boolean;
  readonly defaultPayType: string;
  readonly instrument: Instrument;
  /** `pay_type` values that turn the page into card entry (the Express Pay cashier's quick pay, §9). */
  readonly cardPayTypes: readonly string[];
  /**
   * A quick-pay cashier: the card reports `pay_type` 2 (debit) or 3 (credit) unless the merchant
   * asked for verified payment (D); a requested 2 or 3 only takes that kind of card.
   */
  readonly quickPay: boolean;
  /** H5 gateways take one form field `req_data` holding the JSON of all parameters (spec §3.4). */
  readonly reqData: boolean;
  /** Which hosted page the buyer sees. */
  readonly page: 'cashier' | 'quickpay';
}

export const COMMON_REQUIRED: readonly string[] = [
  'version', 'oid_partner', 'user_id', 'sign_type', 'sign', 'busi_partner',
  'no_order', 'dt_order', 'name_goods', 'money_order', 'notify_url', 'risk_item',
];

const H5_VERSIONS = ['1.0', '1.1', '1.2'];
const AGGREGATE_PAY_TYPES = ['0', '1', '8', '9', '2', '3', 'D', 'I', 'L', 'M', 'F'];
/** §7 codes, and §9: real integrations send 2 (and 3, D) to bankgateway.htm, the Express Pay cashier. */
const WEB_PAY_TYPES = ['1', '8', '9', '2', '3', 'D'];

type GatewayDefaults = Omit<Gateway, 'path' | 'product' | 'versions' | 'payTypes' | 'defaultPayType' | 'instrument'>;
const FLAT: GatewayDefaults = { required: [], timestampRequired: true, payTypeRequired: false, cardPayTypes: [], quickPay: false, reqData: false, page: 'cashier' };
const H5: GatewayDefaults = { ...FLAT, required: ['app_request'], reqData: true };

export const GATEWAYS: readonly Gateway[] = [
  { ...FLAT, path: '/payment/bankgateway.htm', product: 'web', versions: ['1.0'], payTypes: WEB_PAY_TYPES, defaultPayType: '1', instrument: 'choice', cardPayTypes: ['2', '3', 'D'], quickPay: true },
  { ...FLAT, path: '/aggregateweb/gateway.htm', product: 'aggregate', versions: ['1.0', '1.1'], required: ['userreq_ip'], payTypes: AGGREGATE_PAY_TYPES, defaultPayType: '1', instrument: 'bank' },
  { ...FLAT, path: '/payment/traveleasypay.htm', product: 'easypay', versions: ['1.0'], required: ['userreq_ip'], payTypes: ['M', 'F'], payTypeRequired: true, defaultPayType: 'M', instrument: 'card' },
  { ...H5, path: '/travlepay.htm', product: 'h5', versions: H5_VERSIONS, payTypes: ['M', 'F'], payTypeRequired: true, defaultPayType: 'M', instrument: 'card' },
  { ...H5, path: '/payment.htm', product: 'h5_quickpay', versions: H5_VERSIONS, timestampRequired: false, payTypes: ['2', '3', 'D'], defaultPayType: '2', instrument: 'card', quickPay: true, page: 'quickpay' },
  { ...H5, path: '/authpay.htm', product: 'h5', versions: H5_VERSIONS, payTypes: ['D', 'P'], defaultPayType: 'D', instrument: 'card' },
];

/** The page for an order: a requested online-banking or card `pay_type` settles the Express Pay cashier's choice. */
export function instrumentFor(gateway: Gateway, requestedPayType: string | undefined, bankCode: string | undefined): Instrument {
  if (gateway.instrument !== 'choice') return gateway.instrument;
  if (requestedPayType !== undefined && gateway.cardPayTypes.includes(requestedPayType)) return 'card';
  if (requestedPayType !== undefined || bankCode !== undefined) return 'bank';
  return 'choice';
}

export function isProduct(value: unknown): value is Product {
  return typeof value === 'string' && (PRODUCTS as readonly string[]).includes(value);
}
