import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { NotReadyError } from '../errors.js';

/**
 * Liveness (the process answers) and readiness (the ledger answers too), for operators.
 *
 * With REDIS_URL, readiness also says whether Redis answers. Redis down is `degraded`, still 200:
 * the server keeps taking payments and only stops counting rate limits (they fail open), and every
 * instance shares the one Redis, so a load balancer that pulled unready instances would pull them
 * all. Alert on `"status": "degraded"`; a ledger that does not answer is 503.
 */
export function healthRouter(deps: Pick<AppDeps, 'ledger' | 'redis'>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await deps.ledger.ping();
    } catch (cause) {
      throw new NotReadyError('The ledger database does not answer; check DATABASE_URL and the database.', { cause });
    }
    res.set('Cache-Control', 'no-store');
    if (!deps.redis) {
      res.json({ status: 'ready', ledger: deps.ledger.kind });
      return;
    }
    const redis = await deps.redis.check();
    res.json(redis.ok
      ? { status: 'ready', ledger: deps.ledger.kind, redis: 'ok' }
      : { status: 'degraded', ledger: deps.ledger.kind, redis: 'unreachable', detail: `Redis (REDIS_URL) does not answer (${redis.error}): rate limits are not counted until it is back.` });
  });
  return router;
}
