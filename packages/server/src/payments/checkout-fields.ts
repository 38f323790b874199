import { beijingTimestamp, buildRiskItem, formatAmount, PRODUCT_SPECS, toUserreqIp, type Product } from '@lianlian-checkout/protocol';
import type { Config } from '../config/types.js';
import type { NewOrder } from '../ledger/types.js';

/**
 * The parameters LianLian receives for an order (spec §3), before `sign_type` and `sign`. The
 * amount always comes from the stored order; `timestamp` is fresh Beijing time on every signing
 * while `no_order` and `dt_order` stay those of the order.
 */
export type OrderForSigning = Pick<
  NewOrder,
  'noOrder' | 'product' | 'amountFen' | 'nameGoods' | 'userId' | 'busiPartner' | 'dtOrder' | 'infoOrder' | 'urlOrder' | 'validOrderMinutes' | 'riskItem' | 'extra'
>;

/** Fields the server fills in; a shop may not send them as product extras. */
export const SERVER_FIELDS: ReadonlySet<string> = new Set([
  'version', 'oid_partner', 'user_id', 'timestamp', 'sign_type', 'sign', 'busi_partner', 'no_order', 'dt_order',
  'name_goods', 'info_order', 'money_order', 'notify_url', 'url_return', 'valid_order', 'risk_item', 'userreq_ip',
  'url_order', 'charset_name',
]);

/** Whether the shop may set `field` for `product` (bank_code, pay_type, app_request, …). */
export function isExtraField(product: Product, field: string): boolean {
  return !SERVER_FIELDS.has(field) && Object.hasOwn(PRODUCT_SPECS[product].fields, field);
}

/**
 * Defaults the shop may override (spec §3.4): H5 demos hard-code `app_request=3`; Easy Pay H5
 * (`travlepay.htm`, the documented H5 gateway) requires `pay_type`, and `M` is a regular payment.
 * The quick-pay cashier (`h5_quickpay`) takes no `pay_type`: the buyer's card decides it.
 */
export function defaultExtras(config: Pick<Config, 'products'>, product: Product): Record<string, string> {
  if (product === 'h5_quickpay') return { app_request: '3' };
  if (product !== 'h5') return {};
  const easyPayH5 = new URL(config.products.h5.gatewayUrl).pathname.endsWith('/travlepay.htm');
  return easyPayH5 ? { app_request: '3', pay_type: 'M' } : { app_request: '3' };
}

/**
 * The exact risk_item string (spec §3.6): LianLian's basic keys as defaults, then the shop's own
 * keys, which win. `user_info_mercht_userno` defaults to the order's `user_id`.
 */
export function riskItemFor(config: Pick<Config, 'frmsWareCategory'>, order: Pick<NewOrder, 'userId' | 'riskItem'>): string {
  const defaults: Record<string, unknown> = {};
  if (config.frmsWareCategory !== undefined) defaults.frms_ware_category = config.frmsWareCategory;
  defaults.user_info_mercht_userno = order.userId;
  return buildRiskItem({ ...defaults, ...(order.riskItem ?? {}) });
}

export interface SigningContext {
  now: Date;
  /** The buyer's address (Express `req.ip`, honouring the explicit `trust proxy`). */
  buyerIp: string | undefined;
}

export function paymentFields(config: Config, order: OrderForSigning, ctx: SigningContext): Record<string, string | undefined> {
  const table = PRODUCT_SPECS[order.product].fields;
  const fields: Record<string, string | undefined> = {
    version: config.products[order.product].version,
    oid_partner: config.oidPartner,
    user_id: order.userId,
    // Every product documents timestamp (§8 #11) except the H5 quick-pay cashier, which no demo or
    // real integration sends it to (docs/protocol.md, "Products and gateways").
    timestamp: table.timestamp?.required === true ? beijingTimestamp(ctx.now) : undefined,
    busi_partner: order.busiPartner,
    no_order: order.noOrder,
    dt_order: order.dtOrder,
    name_goods: order.nameGoods,
    info_order: order.infoOrder,
    money_order: formatAmount(order.amountFen),
    notify_url: config.notifyUrl,
    url_return: config.returnUrl,
    valid_order: String(order.validOrderMinutes),
    risk_item: riskItemFor(config, order),
  };
  // H5 lists neither userreq_ip nor url_order (spec §3.4); the others take both.
  if (Object.hasOwn(table, 'userreq_ip')) {
    fields.userreq_ip = ctx.buyerIp === undefined ? undefined : toUserreqIp(ctx.buyerIp);
    fields.url_order = order.urlOrder;
  }
  // charset_name only on the web cashier, the one page that documents it (spec §8 #10).
  if (order.product === 'web') fields.charset_name = 'UTF-8';
  return { ...defaultExtras(config, order.product), ...order.extra, ...fields };
}
