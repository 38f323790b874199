import { Router } from 'express';
import { formatAmount } from '@lianlian-checkout/protocol';
import type { AppDeps } from '../deps.js';
import { NotFoundError } from '../errors.js';
import type { Order, OrderEvent } from '../ledger/types.js';
import { SENSITIVE_FIELDS } from '../logging.js';
import { expireIfDue } from '../payments/checkout.js';
import { createOrder, parseIdempotencyKey, requestHash } from '../payments/orders.js';
import { isMerchantRef } from '../payments/refs.js';
import { requireShopKey } from './auth.js';
import { jsonObjectBody } from './body.js';
import { parseOrderRequest } from './order-request.js';

/** The shop backend's API (bearer `SHOP_API_KEY`, no CORS: browsers never call it). */
const SENSITIVE: ReadonlySet<string> = new Set(SENSITIVE_FIELDS);

/** Event data as stored minus anything secret or personal (callbacks may carry card fields). */
function safeData(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k]) => !SENSITIVE.has(k)));
}

function eventView(e: OrderEvent): Record<string, unknown> {
  return { type: e.type, at: e.at.toISOString(), data: safeData(e.data) };
}

export function orderView(order: Order, events: readonly OrderEvent[]): Record<string, unknown> {
  return {
    no_order: order.noOrder,
    status: order.status,
    product: order.product,
    amount: formatAmount(order.amountFen),
    name_goods: order.nameGoods,
    user_id: order.userId,
    busi_partner: order.busiPartner,
    dt_order: order.dtOrder,
    info_order: order.infoOrder,
    valid_order: order.validOrderMinutes,
    oid_paybill: order.oidPaybill,
    refunded_amount: order.refundedFen > 0 ? formatAmount(order.refundedFen) : '0.00',
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
    expires_at: order.expiresAt.toISOString(),
    events: events.map(eventView),
  };
}

export function ordersRouter(deps: AppDeps): Router {
  const router = Router();
  const auth = requireShopKey(deps.config);

  router.post('/v1/orders', auth, ...jsonObjectBody('32kb'), async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const idempotencyKey = parseIdempotencyKey(req.get('idempotency-key'));
    const request = parseOrderRequest(body);
    const outcome = await createOrder(deps, { request, idempotencyKey, requestHash: requestHash(body) });
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    const noOrder = outcome.body.no_order;
    if (typeof noOrder === 'string') res.location(`/v1/orders/${encodeURIComponent(noOrder)}`);
    res.status(outcome.status).set('Cache-Control', 'no-store').json(outcome.body);
  });

  router.get('/v1/orders/:no_order', auth, async (req, res) => {
    const noOrder = String(req.params.no_order);
    const found = isMerchantRef(noOrder) ? await deps.ledger.getOrder(noOrder) : undefined;
    if (!found) throw new NotFoundError('not_found', `No order with no_order "${noOrder.slice(0, 32)}" exists on this server.`);
    const order = await expireIfDue(deps, found, deps.now());
    res.set('Cache-Control', 'no-store').json(orderView(order, await deps.ledger.listEvents(order.noOrder)));
  });

  return router;
}
