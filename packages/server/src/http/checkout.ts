import { Router, type RequestHandler, type Response } from 'express';
import type { Config } from '../config/types.js';
import type { AppDeps } from '../deps.js';
import { BadRequestError, ForbiddenError } from '../errors.js';
import { expireIfDue, orderForToken, signCheckout } from '../payments/checkout.js';
import { jsonObjectBody } from './body.js';
import { allowedOrigins, widgetCors } from './cors.js';
import { createLimiterStore, rateLimiter } from './rate-limit.js';

/** The caller's origin from `Origin`, else from `Referer` (some browsers omit Origin on same-site posts). */
export function requestOrigin(origin: string | undefined, referer: string | undefined): string | undefined {
  if (origin !== undefined && origin !== 'null') return origin;
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/**
 * LianLian's request-source rule (spec §1): sign only for a caller from ALLOWED_ORIGINS. Takes the
 * set the router built once (`allowedOrigins`), or a config to build it from.
 */
export function requireAllowedOrigin(origins: ReadonlySet<string> | Pick<Config, 'allowedOrigins'>): RequestHandler {
  const allowed = 'allowedOrigins' in origins ? allowedOrigins(origins) : origins;
  return (req, _res, next) => {
    const origin = requestOrigin(req.get('origin'), req.get('referer'));
    if (origin !== undefined && allowed.has(origin)) {
      next();
      return;
    }
    next(new ForbiddenError(
      'origin_not_allowed',
      `${origin === undefined ? 'This request has no Origin or Referer' : `The origin ${origin} is not in ALLOWED_ORIGINS`}. LianLian only accepts ` +
        'redirect forms posted from the domain whitelisted for your merchant (spec §1, request-source rule), so the signing server ' +
        'only signs for those origins. Add the shop origin to ALLOWED_ORIGINS once it is registered at LianLian.',
      { details: { origin: origin ?? null } },
    ));
  };
}

/**
 * A 200 JSON answer that is never stored. Written directly rather than through `res.json`, which
 * would hash every signed form into an ETag that no cache may use (`no-store`, and POST answers are
 * not revalidated).
 */
function sendNoStoreJson(res: Response, body: unknown): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/**
 * The widget-facing API: the only routes with CORS (limited to ALLOWED_ORIGINS) and a per-address
 * rate limit. `POST /v1/checkout` also enforces LianLian's request-source rule (spec §1).
 */
export function checkoutRouter(deps: AppDeps): Router {
  const router = Router();
  // One route object per path, rather than `router.use('/v1/checkout', …)`: the same requests, without
  // Express rewriting the URL around every middleware or matching the path again for each handler.
  // CORS first (it answers preflights, which are never counted), then one rate limiter shared by
  // both routes: they share the per-address budget (across instances when REDIS_URL is set).
  const origins = allowedOrigins(deps.config);
  const guard = [
    widgetCors(origins),
    rateLimiter({
      perMinute: deps.config.rateLimitPerMinute,
      refusal: 'Too many checkout requests from this address (RATE_LIMIT_PER_MINUTE).',
      store: createLimiterStore(deps.redis, 'widget'),
    }),
  ];

  router.route('/v1/checkout').all(...guard).post(requireAllowedOrigin(origins), ...jsonObjectBody('4kb'), async (req, res) => {
    const { token, gateway_origins: gatewayOrigins } = req.body as { token?: unknown; gateway_origins?: unknown };
    if (token === undefined) throw new BadRequestError('invalid_request', 'Send {"token": "<checkout_token>"}: the checkout_token from POST /v1/orders.');
    if (gatewayOrigins !== undefined && !(Array.isArray(gatewayOrigins) && gatewayOrigins.every((o) => typeof o === 'string'))) {
      throw new BadRequestError('invalid_request', 'gateway_origins, when sent, is an array of origin strings (the origins the element may post the form to).');
    }
    sendNoStoreJson(res, await signCheckout(deps, { token, buyerIp: req.ip, gatewayOrigins }));
  });

  router.route('/v1/checkout/status').all(...guard).get(async (req, res) => {
    const order = await expireIfDue(deps, await orderForToken(deps, req.query.token), deps.now());
    sendNoStoreJson(res, { no_order: order.noOrder, status: order.status });
  });

  return router;
}
