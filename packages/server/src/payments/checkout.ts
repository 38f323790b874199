import { gatewayFormFields, signFieldsAsync, ValidationError, validateFields } from '@lianlian-checkout/protocol';
import { GatewayNotAllowedError, OrderConflictError, TokenExpiredError, TokenUnknownError } from '../errors.js';
import type { Order, OrderStatus } from '../ledger/types.js';
import type { PaymentsDeps } from './deps.js';
import { paymentFields } from './checkout-fields.js';
import { maskedCanonical } from './debug-canonical.js';
import { assertPerTransaction, limitCheck } from './limits.js';
import { assertProductEnabled } from './orders.js';
import { hashCheckoutToken, isCheckoutToken } from './token.js';

/** What the widget needs to post the buyer to LianLian (product.md: `POST /v1/checkout`). */
export interface CheckoutForm {
  action: string;
  method: 'POST';
  accept_charset: 'UTF-8';
  fields: Record<string, string>;
  no_order: string;
}

export interface CheckoutRequest {
  token: unknown;
  buyerIp: string | undefined;
  /**
   * The origins the page's element will post the form to (`gateway_origins` in the request). When
   * present and the product's gateway is not among them, nothing is signed and the order is untouched.
   */
  gatewayOrigins?: readonly string[] | undefined;
}

const FINAL: Partial<Record<OrderStatus, [code: 'order_paid' | 'order_failed' | 'order_expired' | 'order_refunded', message: string]>> = {
  paid: ['order_paid', 'This order is already paid; there is nothing left to pay. Show the buyer the order page instead.'],
  failed: ['order_failed', 'LianLian reported this order as failed. Create a new order to let the buyer try again.'],
  expired: ['order_expired', 'This order has passed its valid_order time and LianLian has closed it. Create a new order to let the buyer pay.'],
  refunded: ['order_refunded', 'This order was paid and then refunded. Create a new order for a new payment.'],
};

function statusError(order: Order): OrderConflictError | undefined {
  const final = FINAL[order.status];
  return final && new OrderConflictError(final[0], final[1], { details: { no_order: order.noOrder, order_status: order.status } });
}

/** The order a checkout token is bound to, or `token_unknown`. Expiry is the caller's concern. */
export async function orderForToken(deps: PaymentsDeps, token: unknown): Promise<Order> {
  const order = isCheckoutToken(token) ? await deps.ledger.getOrderByTokenHash(hashCheckoutToken(token)) : undefined;
  if (!order) {
    throw new TokenUnknownError('This checkout token is not known. Pass the checkout_token from the POST /v1/orders response unchanged.');
  }
  return order;
}

/** Moves a `created`/`pending` order past its `valid_order` time to `expired` (lazily, on use). */
export async function expireIfDue(deps: PaymentsDeps, order: Order, now: Date): Promise<Order> {
  if ((order.status !== 'created' && order.status !== 'pending') || order.expiresAt.getTime() > now.getTime()) return order;
  return (await deps.ledger.expireOrder(order.noOrder, now)) ?? (await deps.ledger.getOrder(order.noOrder)) ?? order;
}

async function checkoutableOrder(deps: PaymentsDeps, token: unknown, now: Date): Promise<Order> {
  const order = await expireIfDue(deps, await orderForToken(deps, token), now);
  // The order's state first: "already paid" helps a buyer more than "token expired".
  const refusal = statusError(order);
  if (refusal) throw refusal;
  if (order.checkoutTokenExpiresAt.getTime() <= now.getTime()) {
    throw new TokenExpiredError('This checkout token has expired. Create a new order (or reload the checkout page) to get a fresh token.', {
      details: { no_order: order.noOrder },
    });
  }
  return order;
}

/**
 * Signs the redirect form for the order bound to `token`: the amount from the stored order, a
 * fresh Beijing `timestamp` each time, the same `no_order`/`dt_order` on a re-checkout. Refuses
 * (with its own code each) unknown or expired tokens, paid/failed/expired/refunded orders,
 * products not enabled and LianLian's pre-go-live limits, before the buyer is sent away.
 */
export async function signCheckout(deps: PaymentsDeps, request: CheckoutRequest): Promise<CheckoutForm> {
  const now = deps.now();
  const order = await checkoutableOrder(deps, request.token, now);
  const product = deps.config.products[order.product];
  assertProductEnabled(deps, order.product);
  assertGatewayPostable(product.gatewayUrl, request.gatewayOrigins);
  // Refused before signing when the order alone is too large; the day and month totals are checked
  // where they cannot race, in the transaction that records the signing (limitCheck).
  if (!product.live) assertPerTransaction(order, product.limits);
  return signOrder(deps, order, request, now);
}

/**
 * Refuses (422 `gateway_not_allowed`) before the order turns `pending` when the element has said it
 * will not post to this gateway: signing then would leave a pending order, and an `order.pending`
 * webhook, for a form that is never sent.
 */
function assertGatewayPostable(gatewayUrl: string, allowed: readonly string[] | undefined): void {
  const origin = new URL(gatewayUrl).origin;
  if (allowed === undefined || allowed.includes(origin)) return;
  throw new GatewayNotAllowedError(
    `The page's <lianlian-checkout> only posts to ${allowed.join(', ') || "LianLian's own origins"}, and this product's gateway is ${origin}. ` +
      `Add ${origin} to the element's gateway-origins attribute (the sandbox, or LIANLIAN_GATEWAY_URL). Nothing was signed; the order is unchanged.`,
    { details: { gateway_origin: origin } });
}

async function signOrder(deps: PaymentsDeps, order: Order, request: CheckoutRequest, now: Date): Promise<CheckoutForm> {
  const product = deps.config.products[order.product];

  const fields = paymentFields(deps.config, order, { now, buyerIp: request.buyerIp ?? order.customerIp });
  const violations = validateFields(order.product, fields);
  if (violations.length > 0) throw new ValidationError(violations);
  const signed = await signFieldsAsync(fields, deps.config.signer);
  if (deps.config.debugSignatures) {
    deps.logger.debug({ no_order: order.noOrder, canonical: maskedCanonical(signed) }, 'checkout canonical string (LIANLIAN_DEBUG_SIGNATURES, personal values masked)');
  }

  const marked = await deps.ledger.markCheckoutSigned(
    order.noOrder,
    { timestamp: signed.timestamp, product: order.product },
    limitCheck(order, product, now),
  );
  if (!marked) {
    // The status moved between the read and the update (a notify landed): report the new state.
    const current = await deps.ledger.getOrder(order.noOrder);
    throw (current && statusError(current)) ?? new OrderConflictError('order_changed', 'The order changed while signing; retry.', { retryable: true });
  }
  return {
    action: product.gatewayUrl,
    method: 'POST',
    accept_charset: 'UTF-8',
    fields: gatewayFormFields(order.product, signed),
    no_order: order.noOrder,
  };
}
