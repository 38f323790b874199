import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../deps.js';
import { isAllowedIp } from '../payments/callback-checks.js';
import { handleNotify } from '../payments/notify.js';
import { handleReturn } from '../payments/return.js';
import { createLimiterStore, rateLimiter } from './rate-limit.js';

/**
 * LianLian's callbacks. This router brings its own raw body parser: LianLian signs the exact bytes
 * it sends as `text/json` (spec §5), which `express.json()` ignores and re-serialising would break.
 * Mount it before (or beside) any JSON parser: `app.use(lianlianRouter(deps))`.
 */
const BODY_LIMIT = '64kb';

/**
 * Every path under `/lianlian` is limited per address before its body is read: anyone can call
 * these routes, and each verification costs an RSA operation. The addresses the operator listed in
 * LIANLIAN_NOTIFY_IP_ALLOWLIST (LianLian's notify sources) are never limited.
 */
function callbackLimiter(deps: Pick<AppDeps, 'config' | 'redis'>): express.RequestHandler {
  const { config } = deps;
  const allowlist = config.notifyIpAllowlist;
  return rateLimiter({
    perMinute: config.lianlianRateLimitPerMinute,
    refusal: 'Too many requests to /lianlian/* from this address (LIANLIAN_RATE_LIMIT_PER_MINUTE). ' +
      "LianLian's notify addresses are never limited once LIANLIAN_NOTIFY_IP_ALLOWLIST lists them (e.g. LIANLIAN_NOTIFY_IP_ALLOWLIST=lianlian).",
    exempt: allowlist ? (ip) => isAllowedIp(allowlist, ip) : undefined,
    store: createLimiterStore(deps.redis, 'lianlian'),
  });
}

export function lianlianRouter(deps: AppDeps): Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: BODY_LIMIT });
  router.use('/lianlian', callbackLimiter(deps));

  router.post('/lianlian/notify', raw, async (req: Request, res: Response) => {
    const answer = await handleNotify(deps, { body: bodyOf(req), contentType: req.get('content-type'), ip: req.ip });
    // Exact bytes and content type of LianLian's documented answer (spec §5 "Required reply").
    res.status(answer.status).setHeader('Content-Type', 'application/json;charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(Buffer.from(JSON.stringify(answer.body), 'utf8'));
  });

  const onReturn = async (req: Request, res: Response): Promise<void> => {
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
    const location = await handleReturn(deps, { body: bodyOf(req), contentType: req.get('content-type'), query });
    // No cookies are read or set: the return is a cross-site POST where SameSite cookies are absent (spec §4).
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.redirect(303, location);
  };
  router.get('/lianlian/return', raw, onReturn);
  router.post('/lianlian/return', raw, onReturn);
  return router;
}

function bodyOf(req: Request): Uint8Array {
  return Buffer.isBuffer(req.body) ? req.body : new Uint8Array();
}
