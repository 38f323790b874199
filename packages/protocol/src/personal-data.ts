import { PRODUCT_SPECS, PRODUCTS } from './products.js';

/**
 * Which LianLian fields carry buyer data (China's PIPL treats ID numbers and financial accounts as
 * sensitive), derived from the field tables so a field marked `secret` there is covered everywhere:
 * logs, debug canonical strings and the server's storage.
 */
const ruleNames = (secret: boolean): string[] =>
  PRODUCTS.flatMap((p) => Object.entries(PRODUCT_SPECS[p].fields).filter(([, rule]) => (rule.secret ?? false) === secret).map(([name]) => name));

/** Every field a product table marks `secret` (`sign`, `risk_item`, `no_agree`, `acct_name`, `card_no`, `id_no`). */
export const SECRET_FIELDS: readonly string[] = [...new Set(ruleNames(true))];

/**
 * Fields LianLian documents in its returns, notifications and query answers (spec §4, §5, §6.1-§6.3)
 * that carry no personal data. `card_no` (personal) and anything undocumented are not listed, so
 * they count as personal.
 */
const CALLBACK_PLAIN_FIELDS = [
  'oid_partner', 'sign_type', 'sign', 'no_order', 'dt_order', 'oid_paybill', 'money_order', 'result_pay',
  'settle_date', 'pay_type', 'bank_code', 'bank_name', 'id_type', 'ret_code', 'ret_msg', 'no_refund', 'dt_refund',
  'money_refund', 'oid_refundno', 'sta_refund', 'currency_order', 'currency_settle', 'money_settle', 'currency_pay',
  'money_pay', 'exchange_rate', 'query_version',
];

/**
 * Field names known to carry no personal data: the product fields not marked `secret` (`name_goods`
 * and `info_order` are the shop's own text, which it must keep free of buyer data), plus the
 * documented callback fields above. Anything else LianLian sends is treated as personal.
 */
export const PLAIN_FIELDS: ReadonlySet<string> = new Set([...ruleNames(false), ...CALLBACK_PLAIN_FIELDS]);

/** `risk_item` keys that identify the buyer (spec §3.6: bind phone, real-name extras, samples' mail). */
export const RISK_ITEM_PERSONAL_KEYS: readonly string[] = ['user_info_bind_phone', 'user_info_full_name', 'user_info_id_no', 'user_info_mail'];

/**
 * `risk_item` keys that carry no personal data (spec §3.6 basic and industry codes); a debug log
 * shows their values and masks every other one.
 */
export const RISK_ITEM_PLAIN_KEYS: ReadonlySet<string> = new Set([
  'frms_ware_category', 'user_info_dt_register', 'goods_name', 'frms_client_chnl', 'user_info_identify_state',
  'user_info_identify_type', 'user_info_id_type', 'user_auth_flag', 'risk_state', 'logistics_mode', 'delivery_cycle',
]);

/** A card number kept only as far as the kit needs it: its last four digits, the rest `*`. */
export function maskCardNo(value: string): string {
  const keep = value.length > 4 ? 4 : 0;
  return `${'*'.repeat(value.length - keep)}${value.slice(value.length - keep)}`;
}
