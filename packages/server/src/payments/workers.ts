import type { PaymentsDeps } from './deps.js';
import { reconcileOnce, type ReconcileOptions } from './reconcile.js';
import { deliverDue, workerId } from './webhooks.js';

/**
 * Background work of one signing-server instance: shop webhook delivery from the outbox and the
 * reconciler. Safe to run in every instance (leases and conditional updates live in the ledger).
 * `stop()` cancels the timers and waits for the round in flight.
 */
export interface WorkerOptions {
  /** Outbox poll interval, clamped to 100 ms … 60 s (default 1 s). */
  deliveryIntervalMs?: number;
  /** Reconciler interval, clamped to 1 s … 1 h (default 30 s). */
  reconcileIntervalMs?: number;
  reconcile?: ReconcileOptions;
}

export interface Workers {
  stop(): Promise<void>;
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

export function startWorkers(deps: PaymentsDeps, options: WorkerOptions = {}): Workers {
  const owner = workerId();
  const loops = [
    loop(deps, 'webhook delivery', clamp(options.deliveryIntervalMs ?? 1_000, 100, 60_000), async (stopping) => {
      // Drain while a full batch keeps coming back, so a backlog does not wait one interval per batch.
      while (!stopping() && (await deliverDue(deps, { owner })) >= 20);
    }),
    loop(deps, 'reconciler', clamp(options.reconcileIntervalMs ?? 30_000, 1_000, 3_600_000), async () => {
      await reconcileOnce(deps, { owner, ...options.reconcile });
    }),
  ];
  if (!deps.config.shopWebhookUrl) deps.logger.info('SHOP_WEBHOOK_URL is not set: shop events stay in the outbox until it is');
  return {
    stop: async () => {
      await Promise.all(loops.map((l) => l.stop()));
    },
  };
}

function loop(deps: PaymentsDeps, name: string, intervalMs: number, round: (stopping: () => boolean) => Promise<void>): Workers {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = (): void => {
    inFlight = round(() => stopped)
      .catch((error: unknown) => {
        // A failed round (database down) is retried on the next tick; the loop itself never dies.
        deps.logger.error({ err: error, worker: name }, 'worker round failed');
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
