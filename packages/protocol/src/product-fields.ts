import { BUSI_PARTNERS, CHARSET_NAMES, ID_TYPES, WEB_PAY_TYPES, opt, req, type FieldRule } from './fields.js';

export type FieldTable = Readonly<Record<string, FieldRule>>;

/**
 * The per-product field tables (spec §3.1–§3.4). `sign` and `sign_type` are listed as optional
 * because `signFields()` adds them; `validateSignedFields()` requires them.
 */
const common = (versions: readonly string[]): FieldTable => ({
  version: req({ maxLength: 6, values: versions }),
  oid_partner: req({ maxLength: 18, format: 'oid_partner' }),
  user_id: req({ maxLength: 32 }),
  timestamp: req({ maxLength: 14, format: 'timestamp' }),
  sign_type: opt({ maxLength: 3, values: ['RSA', 'MD5'] }),
  sign: opt({ secret: true }),
  busi_partner: req({ maxLength: 6, values: BUSI_PARTNERS }),
  no_order: req({ maxLength: 32 }),
  dt_order: req({ maxLength: 14, format: 'timestamp' }),
  name_goods: req({ maxLength: 40 }),
  info_order: opt({ maxLength: 255 }),
  money_order: req({ maxLength: 12, format: 'amount' }),
  notify_url: req({ maxLength: 128, format: 'url' }),
  url_return: opt({ maxLength: 128, format: 'url' }),
  valid_order: opt({ format: 'positive_int' }),
  // §3.6: required on every payment; it carries phone numbers and names, so never echoed.
  risk_item: req({ format: 'json_object', secret: true }),
});

/** Card pre-fill fields (§3.3, §3.4; the web demo's "card-front" mode in §3.1). Personal data. */
const cardPrefill: FieldTable = {
  no_agree: opt({ maxLength: 32, secret: true }),
  acct_name: opt({ secret: true }),
  card_no: opt({ format: 'card_no', secret: true }),
  id_type: opt({ maxLength: 1, values: ID_TYPES }),
  id_no: opt({ maxLength: 18, secret: true }),
  back_url: opt({ maxLength: 128, format: 'url' }),
};

const web: FieldTable = {
  ...common(['1.0']),
  charset_name: req({ maxLength: 18, values: CHARSET_NAMES }),
  userreq_ip: opt({ maxLength: 32, format: 'userreq_ip' }),
  url_order: opt({ maxLength: 255, format: 'url' }),
  bank_code: opt({ maxLength: 18, format: 'bank_code' }),
  // bankgateway.htm is LianLian's Express Pay cashier (§9): the docs list online banking 1/8/9, real
  // integrations also send quick pay 2/3 and verified payment D (docs/protocol.md, "Products and gateways").
  pay_type: opt({ values: WEB_PAY_TYPES }),
  // Sent by LianLian's own Java web demo and Essensoft ([O][T] M, §3.1).
  ...cardPrefill,
  flag_modify: opt({ maxLength: 1 }),
  shareing_data: opt({ maxLength: 1024, format: 'shareing_data' }),
};

const aggregate: FieldTable = {
  // §8 #7: the table says 1.1, the sample 1.0; both are accepted, 1.1 is sent by default.
  ...common(['1.1', '1.0']),
  userreq_ip: req({ maxLength: 32, format: 'userreq_ip' }),
  url_order: opt({ maxLength: 255, format: 'url' }),
  pay_type: opt({ values: ['0', '1', '8', '9', '2', '3', 'D', 'I', 'L', 'M', 'F'] }),
  bank_code: opt({ maxLength: 18, format: 'bank_code' }),
  col_oidpartner: opt({ maxLength: 18, format: 'oid_partner' }),
  col_userid: opt({ maxLength: 32 }),
  shareing_data: opt({ maxLength: 1024, format: 'shareing_data' }),
  secured_partner: opt({ maxLength: 18, format: 'oid_partner' }),
  buyer_confirm_valid: opt({ format: 'positive_int' }),
  seller_send_valid: opt({ format: 'positive_int' }),
  id_no: opt({ maxLength: 18, secret: true }),
  acct_name: opt({ secret: true }),
};

const easypay: FieldTable = {
  ...common(['1.0']),
  userreq_ip: req({ maxLength: 32, format: 'userreq_ip' }),
  url_order: opt({ maxLength: 255, format: 'url' }),
  platform: opt({ maxLength: 32 }),
  pay_type: req({ values: ['M', 'F'] }),
  ...cardPrefill,
};

const h5: FieldTable = {
  // §8 #4: docs say 1.0; Essensoft sends 1.1 and the PHP H5 config names 1.2.
  ...common(['1.0', '1.1', '1.2']),
  app_request: req({ maxLength: 1, values: ['1', '2', '3'] }),
  platform: opt({ maxLength: 32 }),
  bg_color: opt({ maxLength: 6, format: 'hex_color' }),
  font_color: opt({ maxLength: 6, format: 'hex_color' }),
  syschnotify_flag: opt({ maxLength: 1, values: ['0', '1'] }),
  pay_type: opt({ values: ['M', 'F'] }),
  ...cardPrefill,
};

/**
 * The H5 quick-pay cashier `wap.lianlianpay.com/payment.htm` (§3.4, §9): the fields of LianLian's own
 * H5 demos (Java 2013, PHP 2014) and of the integrations that post there. None of them sends
 * `timestamp`, `userreq_ip`, `url_order` or `pay_type`, so the kit does not either; a received
 * `timestamp` is still checked.
 */
const h5Quickpay: FieldTable = {
  ...common(['1.2', '1.1']),
  timestamp: opt({ maxLength: 14, format: 'timestamp' }),
  app_request: req({ maxLength: 1, values: ['1', '2', '3'] }),
  platform: opt({ maxLength: 32 }),
  bg_color: opt({ maxLength: 6, format: 'hex_color' }),
  font_color: opt({ maxLength: 6, format: 'hex_color' }),
  syschnotify_flag: opt({ maxLength: 1, values: ['0', '1'] }),
  ...cardPrefill,
  flag_modify: opt({ maxLength: 1 }),
  shareing_data: opt({ maxLength: 1024, format: 'shareing_data' }),
};

export const PRODUCT_FIELDS = { web, aggregate, easypay, h5, h5_quickpay: h5Quickpay } as const;
