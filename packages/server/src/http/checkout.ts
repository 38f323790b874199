import cors from 'cors';
import { Router, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../config/types.js';
import type { AppDeps } from '../deps.js';
import { BadRequestError, ForbiddenError, RateLimitedError } from '../errors.js';
import { expireIfDue, orderForToken, signCheckout } from '../payments/checkout.js';
import { jsonObjectBody } from './body.js';

/**
 * The widget-facing API: the only routes with CORS (limited to ALLOWED_ORIGINS) and a per-address
 * rate limit. `POST /v1/checkout` also enforces LianLian's request-source rule (spec §1).
 */
const WINDOW_MS = 60_000;

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

export function requireAllowedOrigin(config: Pick<Config, 'allowedOrigins'>): RequestHandler {
  const allowed = new Set(config.allowedOrigins);
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

function limiter(config: Pick<Config, 'rateLimitPerMinute'>): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: config.rateLimitPerMinute,
    // draft-7: the combined RateLimit header without draft-8's per-request hash of the client key.
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new RateLimitedError(WINDOW_MS / 1000)),
  });
}

export function checkoutRouter(deps: AppDeps): Router {
  const router = Router();
  // On each route rather than `router.use('/v1/checkout', …)`: the same requests, without Express
  // rewriting the URL around every middleware. CORS answers preflights before the rate limit counts.
  const guard = [
    cors({ origin: [...deps.config.allowedOrigins], methods: ['GET', 'POST'], allowedHeaders: ['Content-Type'], maxAge: 600 }),
    limiter(deps.config),
  ];
  router.all('/v1/checkout', ...guard);
  router.all('/v1/checkout/status', ...guard);

  router.post('/v1/checkout', requireAllowedOrigin(deps.config), ...jsonObjectBody('4kb'), async (req, res) => {
    const { token } = req.body as { token?: unknown };
    if (token === undefined) throw new BadRequestError('invalid_request', 'Send {"token": "<checkout_token>"}: the checkout_token from POST /v1/orders.');
    const form = await signCheckout(deps, { token, buyerIp: req.ip });
    res.set('Cache-Control', 'no-store').json(form);
  });

  router.get('/v1/checkout/status', async (req, res) => {
    const order = await expireIfDue(deps, await orderForToken(deps, req.query.token), deps.now());
    res.set('Cache-Control', 'no-store').json({ no_order: order.noOrder, status: order.status });
  });

  return router;
}
