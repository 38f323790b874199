import { randomUUID } from 'node:crypto';
import type { OutboxMessage } from '../ledger/types.js';
import { signWebhookPayload, WEBHOOK_SIGNATURE_HEADER } from '../webhook-verify.js';
import type { PaymentsDeps } from './deps.js';

/**
 * Delivers due outbox messages to SHOP_WEBHOOK_URL: at-least-once, stable ids, exponential backoff.
 * Each round claims its events in the ledger (a lease, docs/ledger.md "Reconciliation"), so several
 * instances can run this at once and each event goes to one of them.
 */
export interface DeliveryOptions {
  owner?: string;
  /** Per-request timeout; the lease (WORKER_LEASE_SECONDS) is longer, so a slow shop never gets the same event twice at once. */
  timeoutMs?: number;
  /** How long a claimed event stays this worker's (default: WORKER_LEASE_SECONDS). */
  leaseMs?: number;
  batch?: number;
}

const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

/** 5 s, 10 s, 20 s … capped at 6 h; `attempts` counts the attempt that just failed. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
}

export function workerId(): string {
  return `w_${process.pid}_${randomUUID().slice(0, 8)}`;
}

/** One delivery round; resolves to the number of messages delivered. */
export async function deliverDue(deps: PaymentsDeps, options: DeliveryOptions = {}): Promise<number> {
  const { shopWebhookUrl: url, shopWebhookSecret: secret } = deps.config;
  if (!url || !secret) return 0;
  const owner = options.owner ?? workerId();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? deps.config.workerLeaseSeconds * 1000;
  const messages = await deps.ledger.claimOutbox({ owner, leaseMs, limit: options.batch ?? 20 });
  const results = await Promise.all(messages.map((m) => deliverOne(deps, { url, secret, owner, timeoutMs }, m)));
  return results.filter(Boolean).length;
}

interface Target {
  url: string;
  secret: string;
  owner: string;
  timeoutMs: number;
}

async function deliverOne(deps: PaymentsDeps, target: Target, message: OutboxMessage): Promise<boolean> {
  const timestamp = Math.floor(deps.now().getTime() / 1000);
  const log = { event_id: message.id, type: message.type, no_order: message.noOrder, attempt: message.attempts };
  let failure: string;
  try {
    const res = await deps.fetch(target.url, {
      method: 'POST',
      body: message.body,
      headers: {
        'content-type': 'application/json',
        [WEBHOOK_SIGNATURE_HEADER]: signWebhookPayload({ payload: message.body, secret: target.secret, timestamp }),
        'user-agent': 'lianlian-checkout-webhooks/0.1',
      },
      signal: AbortSignal.timeout(target.timeoutMs),
      redirect: 'manual',
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) {
      await deps.ledger.completeOutbox(message.id, target.owner);
      deps.logger.info({ ...log, status: res.status }, 'webhook delivered');
      return true;
    }
    failure = `HTTP ${res.status}`;
  } catch (error) {
    failure = error instanceof Error ? `${error.name}: ${error.message}` : 'request failed';
  }
  const nextAttemptAt = new Date(deps.now().getTime() + backoffMs(message.attempts));
  await deps.ledger.retryOutbox(message.id, target.owner, { error: failure, nextAttemptAt });
  deps.logger.warn({ ...log, error: failure, next_attempt_at: nextAttemptAt.toISOString() }, 'webhook delivery failed; will retry');
  return false;
}
