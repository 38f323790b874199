import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { NotReadyError } from '../errors.js';

/** Liveness (the process answers) and readiness (the ledger answers too), for operators. */
export function healthRouter(deps: Pick<AppDeps, 'ledger'>): Router {
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
    res.set('Cache-Control', 'no-store').json({ status: 'ready', ledger: deps.ledger.kind });
  });
  return router;
}
