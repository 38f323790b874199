import { isIP } from 'node:net';
import { KitError, parseAmount, PRODUCT_SPECS, PRODUCTS, ValidationError, type FieldViolation, type Product } from '@lianlian-checkout/protocol';
import { isExtraField } from '../payments/checkout-fields.js';
import type { OrderRequest } from '../payments/orders.js';
import { MERCHANT_REF } from '../payments/refs.js';

/**
 * `POST /v1/orders` body → a typed `OrderRequest`. Every problem is collected and thrown at once as
 * a `ValidationError`; product rules (lengths, allowed values) are checked afterwards by the order
 * service against LianLian's field tables. Values are never echoed, only their lengths.
 */
const TOP_LEVEL = new Set([
  'amount', 'name_goods', 'user_id', 'product', 'no_order', 'info_order', 'url_order', 'valid_order',
  'busi_partner', 'customer_ip', 'risk_item',
]);
const MAX_VALID_ORDER_MINUTES = 525_600;

type Violations = FieldViolation[];

function lengthOf(value: unknown): string {
  return typeof value === 'string' ? `${value.length} characters` : `a ${value === null ? 'null' : typeof value}`;
}

function str(body: Record<string, unknown>, field: string, out: Violations, required = false): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') {
    if (required) out.push({ field, rule: 'required', message: 'is required.' });
    return undefined;
  }
  if (typeof value !== 'string') {
    out.push({ field, rule: 'format', message: `must be a string; got ${lengthOf(value)}.` });
    return undefined;
  }
  if (value !== value.trim()) out.push({ field, rule: 'format', message: 'has leading or trailing spaces; LianLian signs values as sent, so trim them first.' });
  if (value.includes('\u0000')) {
    out.push({ field, rule: 'format', message: 'contains a NUL character (U+0000), which neither LianLian nor the ledger database accepts; remove it.' });
    return undefined;
  }
  return value;
}

function amount(body: Record<string, unknown>, out: Violations): number | undefined {
  if (body.amount === undefined) {
    out.push({ field: 'amount', rule: 'required', message: 'is required: a CNY string with two decimals, e.g. "49.95".' });
    return undefined;
  }
  try {
    return parseAmount(body.amount);
  } catch (e) {
    if (!(e instanceof KitError)) throw e;
    out.push({ field: 'amount', rule: 'format', message: e.message });
    return undefined;
  }
}

function product(body: Record<string, unknown>, out: Violations): Product | undefined {
  const value = str(body, 'product', out, true);
  if (value === undefined) return undefined;
  if ((PRODUCTS as readonly string[]).includes(value)) return value as Product;
  out.push({ field: 'product', rule: 'allowed_values', message: `must be one of ${PRODUCTS.join(', ')}.` });
  return undefined;
}

function validOrder(body: Record<string, unknown>, out: Violations): number | undefined {
  const value = body.valid_order;
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= MAX_VALID_ORDER_MINUTES) return n;
  out.push({ field: 'valid_order', rule: 'format', message: `must be whole minutes from 1 to ${MAX_VALID_ORDER_MINUTES} (LianLian's default is 10080, 7 days).` });
  return undefined;
}

function riskItem(body: Record<string, unknown>, out: Violations): Record<string, unknown> | undefined {
  const value = body.risk_item;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  out.push({ field: 'risk_item', rule: 'format', message: 'must be a JSON object (the server builds the exact string LianLian signs).' });
  return undefined;
}

function extras(body: Record<string, unknown>, p: Product | undefined, out: Violations): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const field of Object.keys(body)) {
    if (TOP_LEVEL.has(field)) continue;
    if (p === undefined) continue;
    if (!isExtraField(p, field)) {
      const known = Object.hasOwn(PRODUCT_SPECS[p].fields, field);
      out.push({ field, rule: 'unknown_field', message: known ? 'is set by the server, not by the shop.' : `is not a field of the ${p} product.` });
      continue;
    }
    const s = str(body, field, out);
    if (s !== undefined) extra[field] = s;
  }
  return extra;
}

/** Parses the order request body; throws `ValidationError` (400 `invalid_fields`) listing every problem. */
export function parseOrderRequest(body: Record<string, unknown>): OrderRequest {
  const out: Violations = [];
  const noOrder = str(body, 'no_order', out);
  if (noOrder !== undefined && !MERCHANT_REF.test(noOrder)) {
    out.push({ field: 'no_order', rule: 'pattern', message: `must be 1–32 letters, digits, "_" or "-"; got ${noOrder.length} characters that do not fit.` });
  }
  const customerIp = str(body, 'customer_ip', out);
  if (customerIp !== undefined && isIP(customerIp) === 0) {
    out.push({ field: 'customer_ip', rule: 'format', message: 'must be the buyer\'s IPv4 or IPv6 address.' });
  }
  const p = product(body, out);
  const request: OrderRequest = {
    amountFen: amount(body, out) ?? 0,
    nameGoods: str(body, 'name_goods', out, true) ?? '',
    userId: str(body, 'user_id', out, true) ?? '',
    product: p ?? 'web',
    noOrder,
    infoOrder: str(body, 'info_order', out),
    urlOrder: str(body, 'url_order', out),
    validOrderMinutes: validOrder(body, out),
    busiPartner: str(body, 'busi_partner', out),
    customerIp,
    riskItem: riskItem(body, out),
    extra: extras(body, p, out),
  };
  if (out.length > 0) throw new ValidationError(out);
  return request;
}
