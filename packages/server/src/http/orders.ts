import { Router, type Request } from 'express';
import { formatAmount } from '@lianlian-checkout/protocol';
import type { AppDeps } from '../deps.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import type { CallbackTally, DuplicatePayment, EventPage, Order, OrderEvent } from '../ledger/types.js';
import { SENSITIVE_FIELDS } from '../logging.js';
import { expireIfDue } from '../payments/checkout.js';
import { createOrder, parseIdempotencyKey, requestHash } from '../payments/orders.js';
import { isMerchantRef } from '../payments/refs.js';
import { requireShopKey } from './auth.js';
import { jsonObjectBody } from './body.js';
import { parseOrderRequest } from './order-request.js';

/** The shop backend's API (bearer `SHOP_API_KEY`, no CORS: browsers never call it). */
const SENSITIVE: ReadonlySet<string> = new Set(SENSITIVE_FIELDS);
/** Events per page of `GET /v1/orders/:no_order`: by default every event of an ordinary order. */
const EVENTS_DEFAULT_LIMIT = 100;
const EVENTS_MAX_LIMIT = 500;

/** Event data as stored minus anything secret or personal (callbacks may carry card fields). */
function safeData(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k]) => !SENSITIVE.has(k)));
}

function eventView(e: OrderEvent): Record<string, unknown> {
  return { seq: Number(e.id), type: e.type, at: e.at.toISOString(), data: safeData(e.data) };
}

/** What the order view shows of an order's history: one page of events, the callback counts and second payments. */
export interface OrderHistory {
  page: EventPage;
  tallies: readonly CallbackTally[];
  duplicatePayments: readonly DuplicatePayment[];
}

export function orderView(order: Order, history: OrderHistory): Record<string, unknown> {
  const { events, total, older } = history.page;
  const oldest = events[0];
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
    // Second payments LianLian confirmed for this order (issue 13): each is money to refund.
    duplicate_payments: history.duplicatePayments.map((d) => ({ oid_paybill: d.oidPaybill, amount: formatAmount(d.amountFen), detected_at: d.detectedAt.toISOString() })),
    events: events.map(eventView),
    events_total: total,
    events_next_before: older && oldest ? Number(oldest.id) : null,
    callback_counts: Object.fromEntries(history.tallies.map((t) => [t.kind, { count: t.count, first_at: t.firstAt.toISOString(), last_at: t.lastAt.toISOString() }])),
  };
}

/** A query parameter that must be a whole number in a range, or absent. */
function wholeNumber(req: Request, name: string, range: { min: number; max: number }): number | undefined {
  const value: unknown = req.query[name];
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (Number.isSafeInteger(n) && n >= range.min && n <= range.max) return n;
  throw new BadRequestError(
    'invalid_request',
    `?${name}= must be one whole number from ${range.min} to ${range.max}. Page back through the events with ?before=<events_next_before>&limit=<1–${EVENTS_MAX_LIMIT}>.`,
  );
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
    const page = {
      before: wholeNumber(req, 'before', { min: 1, max: Number.MAX_SAFE_INTEGER }),
      limit: wholeNumber(req, 'limit', { min: 1, max: EVENTS_MAX_LIMIT }) ?? EVENTS_DEFAULT_LIMIT,
    };
    const found = isMerchantRef(noOrder) ? await deps.ledger.getOrder(noOrder) : undefined;
    if (!found) throw new NotFoundError('not_found', `No order with no_order "${noOrder.slice(0, 32)}" exists on this server.`);
    const order = await expireIfDue(deps, found, deps.now());
    const [events, tallies, duplicatePayments] = await Promise.all([
      deps.ledger.listEventPage(order.noOrder, page),
      deps.ledger.listCallbackTallies(order.noOrder),
      deps.ledger.listDuplicatePayments(order.noOrder),
    ]);
    res.set('Cache-Control', 'no-store').json(orderView(order, { page: events, tallies, duplicatePayments }));
  });

  return router;
}
