import { createHash, randomBytes } from 'node:crypto';
import { beijingTimestamp, formatAmount, PRODUCT_SPECS, ValidationError, validateFields, type Fen, type FieldViolation, type Product } from '@lianlian-checkout/protocol';
import { BadRequestError, ForbiddenError, OrderConflictError } from '../errors.js';
import type { NewOrder, Order } from '../ledger/types.js';
import type { PaymentsDeps } from './deps.js';
import { paymentFields } from './checkout-fields.js';
import { assertPerTransaction } from './limits.js';
import { deriveCheckoutToken, hashCheckoutToken, newCheckoutToken } from './token.js';

/** A parsed `POST /v1/orders` body (see http/order-request.ts). */
export interface OrderRequest {
  amountFen: Fen;
  nameGoods: string;
  userId: string;
  product: Product;
  noOrder: string | undefined;
  infoOrder: string | undefined;
  urlOrder: string | undefined;
  validOrderMinutes: number | undefined;
  busiPartner: string | undefined;
  customerIp: string | undefined;
  riskItem: Record<string, unknown> | undefined;
  extra: Record<string, string>;
}

export interface CreateOrderCommand {
  request: OrderRequest;
  idempotencyKey: string | undefined;
  /** sha256 of the canonical request body, compared for `Idempotency-Key` reuse. */
  requestHash: string;
}

export interface CreateOrderOutcome {
  status: number;
  body: Record<string, unknown>;
  replayed: boolean;
}

/** LianLian's default `valid_order` (spec §3.1): 7 days. */
const DEFAULT_VALID_ORDER_MINUTES = 10_080;
/** Request field names for the LianLian names they become, so violations point at what the shop sent. */
const REQUEST_NAME: Record<string, string> = { money_order: 'amount', userreq_ip: 'customer_ip' };

/** JSON with object keys sorted at every level: equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

/** `LL` + Beijing time + 48 random bits: 28 characters, unique, sortable by creation. */
function generateNoOrder(now: Date): string {
  return `LL${beijingTimestamp(now)}${randomBytes(6).toString('hex').toUpperCase()}`;
}

/** Runs LianLian's field rules over the form this order would produce, before it is stored. */
function assertOrderFields(deps: PaymentsDeps, order: NewOrder, customerIp: string | undefined, now: Date): void {
  let violations: FieldViolation[];
  try {
    // A placeholder address stands in until the buyer's own request supplies userreq_ip.
    violations = validateFields(order.product, paymentFields(deps.config, order, { now, buyerIp: customerIp ?? '127.0.0.1' }));
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    violations = [...e.violations];
  }
  // H5 has no url_order (spec §3.4): refuse it rather than drop it silently.
  if (order.urlOrder !== undefined && !Object.hasOwn(PRODUCT_SPECS[order.product].fields, 'url_order')) {
    violations.push({ field: 'url_order', rule: 'unknown_field', message: `is not a field of the ${order.product} product (spec §3.4); remove it.` });
  }
  if (violations.length > 0) {
    throw new ValidationError(violations.map((v) => ({ ...v, field: REQUEST_NAME[v.field] ?? v.field })));
  }
}

function newOrder(deps: PaymentsDeps, request: OrderRequest, token: string, now: Date): NewOrder {
  const minutes = request.validOrderMinutes ?? DEFAULT_VALID_ORDER_MINUTES;
  const expiresAt = new Date(now.getTime() + minutes * 60_000);
  const tokenExpiry = Math.min(now.getTime() + deps.config.checkoutTokenTtlSeconds * 1000, expiresAt.getTime());
  return {
    noOrder: request.noOrder ?? generateNoOrder(now),
    product: request.product,
    amountFen: request.amountFen,
    nameGoods: request.nameGoods,
    userId: request.userId,
    busiPartner: request.busiPartner ?? deps.config.busiPartner,
    dtOrder: beijingTimestamp(now),
    infoOrder: request.infoOrder,
    urlOrder: request.urlOrder,
    validOrderMinutes: minutes,
    customerIp: request.customerIp,
    riskItem: request.riskItem,
    extra: request.extra,
    createdAt: now,
    expiresAt,
    checkoutTokenHash: hashCheckoutToken(token),
    checkoutTokenExpiresAt: new Date(tokenExpiry),
  };
}

/** The 201 body, without the token: that is what an idempotent replay stores. */
function createdBody(order: Pick<Order, 'noOrder' | 'status' | 'product' | 'amountFen' | 'checkoutTokenExpiresAt' | 'expiresAt'>): Record<string, unknown> {
  return {
    no_order: order.noOrder,
    status: order.status,
    product: order.product,
    amount: formatAmount(order.amountFen),
    expires_at: order.checkoutTokenExpiresAt.toISOString(),
    order_expires_at: order.expiresAt.toISOString(),
  };
}

export function assertProductEnabled(deps: PaymentsDeps, product: Product): void {
  if (deps.config.products[product].enabled) return;
  throw new ForbiddenError(
    'product_not_enabled',
    `The ${product} product is not enabled on this server. LianLian only accepts products enabled for your merchant id ("product access", spec §1); ` +
      'once LianLian has enabled it, add it to LIANLIAN_PRODUCTS.',
    { details: { product } },
  );
}

/** Creates an order (spec: orders API): field rules, per-transaction limit, idempotency, unique no_order. */
export async function createOrder(deps: PaymentsDeps, cmd: CreateOrderCommand): Promise<CreateOrderOutcome> {
  const { request, idempotencyKey } = cmd;
  const now = deps.now();
  assertProductEnabled(deps, request.product);
  const token = idempotencyKey === undefined ? newCheckoutToken() : deriveCheckoutToken(deps.config.shopApiKey, idempotencyKey, cmd.requestHash);
  const order = newOrder(deps, request, token, now);
  assertOrderFields(deps, order, request.customerIp, now);
  if (!deps.config.products[order.product].live) assertPerTransaction(order, deps.config.products[order.product].limits);
  const body = createdBody({ ...order, status: 'created' });
  const idempotency = idempotencyKey === undefined ? undefined : { key: idempotencyKey, requestHash: cmd.requestHash, status: 201, body };
  const result = await deps.ledger.createOrder(idempotency ? { order, idempotency } : { order });
  switch (result.kind) {
    case 'created':
      return { status: 201, body: { ...createdBody(result.order), checkout_token: token }, replayed: false };
    case 'replayed': {
      const stored = result.record.body as Record<string, unknown>;
      return { status: result.record.status, body: result.record.status === 201 ? { ...stored, checkout_token: token } : stored, replayed: true };
    }
    case 'idempotency_conflict':
      throw new OrderConflictError('idempotency_conflict', 'This Idempotency-Key was already used with a different request body. Use a new key for a new order, or resend the original body unchanged.');
    case 'duplicate_no_order':
      throw new OrderConflictError('duplicate_no_order', `An order with no_order "${order.noOrder}" already exists. LianLian requires a unique no_order per merchant; send a new one, or omit it and the server generates one.`);
  }
}

/** Rejects Idempotency-Key values that cannot be stored or compared sensibly. */
export function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/^[\x21-\x7e]{1,255}$/.test(value)) return value;
  throw new BadRequestError('invalid_request', 'Idempotency-Key must be 1–255 visible ASCII characters, e.g. a UUID.');
}
