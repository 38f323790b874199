import { KitError } from '@lianlian-checkout/protocol';
import type { Order, Refund } from '../ledger/types.js';
import { CallbackRejectedError, resultEvent } from './callback-checks.js';
import type { PaymentsDeps } from './deps.js';
import { LianLianApiError, queryOrder, queryRefund, SOURCE_NOT_ALLOWED } from './query-client.js';
import { refundStatus } from './refund-notify.js';
import { workerId } from './webhooks.js';

/**
 * The reconciler asks LianLian about orders the callbacks left open (spec §4, §5): `pending` a while
 * after a return hint, or `pending` past LianLian's notify retry window (30 tries, 2 min apart);
 * `failed` ones while LianLian keeps them open (`valid_order`), since the buyer can pay again on its
 * cashier under the same no_order; and refunds still open 15 minutes after applying (spec §6.3).
 * Results go through the same state machine.
 */
export interface ReconcileOptions {
  /** Wait this long after a return hint for the notification before asking (default 60 s). */
  hintDelayMs?: number;
  /** LianLian's retry window plus margin (default 65 min). */
  retryWindowMs?: number;
  /** Ask again about the same order at most this often (default 10 min). */
  requeryMs?: number;
  /** Refund query delay (default 15 min, spec §6.3). */
  refundQueryDelayMs?: number;
  batch?: number;
  /** This worker's id for the refund checks it claims (default: a new one per round). */
  owner?: string;
  /** How long a claimed refund check stays this worker's (default: WORKER_LEASE_SECONDS). */
  leaseMs?: number;
}

/** `ret_code` 8901: no record (spec §7). */
const NO_RECORD = '8901';

export async function reconcileOnce(deps: PaymentsDeps, options: ReconcileOptions = {}): Promise<number> {
  const now = deps.now().getTime();
  const notQueriedSince = new Date(now - (options.requeryMs ?? 10 * 60_000));
  const orders = await deps.ledger.listOrdersToReconcile({
    now: new Date(now),
    hintBefore: new Date(now - (options.hintDelayMs ?? 60_000)),
    createdBefore: new Date(now - (options.retryWindowMs ?? 65 * 60_000)),
    notQueriedSince,
    limit: options.batch ?? 20,
  });
  let queried = 0;
  for (const order of orders) {
    // Every instance runs a reconciler over the same ledger: the one that claims the order asks.
    if (!(await deps.ledger.markQueried(order.noOrder, notQueriedSince))) continue;
    await queryAndApply(deps, order);
    queried += 1;
  }
  // Claimed: of several instances, one asks about each refund; a crashed one's claims lapse after the lease.
  const refunds = await deps.ledger.claimOpenRefunds({
    before: new Date(now - (options.refundQueryDelayMs ?? 15 * 60_000)),
    owner: options.owner ?? workerId(),
    leaseMs: options.leaseMs ?? deps.config.workerLeaseSeconds * 1000,
    limit: options.batch ?? 20,
  });
  for (const refund of refunds) await reconcileRefund(deps, refund);
  return queried + refunds.length;
}

/** One order, asked about now; a LianLian error is recorded in the history and the order is tried again later. */
export async function reconcileOrder(deps: PaymentsDeps, order: Order): Promise<Order> {
  await deps.ledger.markQueried(order.noOrder);
  return queryAndApply(deps, order);
}

async function queryAndApply(deps: PaymentsDeps, order: Order): Promise<Order> {
  try {
    const result = await queryOrder(deps, order);
    const data = { result_pay: result.resultPay, oid_paybill: result.oidPaybill ?? null };
    const event = resultEvent(result.resultPay);
    const after = event
      ? await deps.ledger.applyStatusEvent(order.noOrder, event, { type: 'query_result', data })
      : await expireIfDue(deps, order, data);
    deps.logger.info({ no_order: order.noOrder, result_pay: result.resultPay, status: after?.status }, 'order reconciled');
    return after ?? order;
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    if (error instanceof CallbackRejectedError) {
      // Signed by LianLian, but not about this order or this amount: never applied (spec §5 "Check the content too").
      deps.logger.warn({ no_order: order.noOrder, reason: error.code, detail: error.message }, 'order query answer does not match the order; not applied');
      await deps.ledger.appendEvent(order.noOrder, 'query_rejected', { reason: error.code, message: error.message });
      return order;
    }
    if (error instanceof LianLianApiError && error.retCode === NO_RECORD) {
      // LianLian never saw a payment for it (the buyer left before paying): nothing to apply until
      // valid_order passes, then the order is expired instead of being asked about forever.
      return (await expireIfDue(deps, order, { ret_code: NO_RECORD })) ?? order;
    }
    if (error instanceof LianLianApiError && error.retCode === SOURCE_NOT_ALLOWED) {
      // Not transient: every query fails the same way until the server's IP is registered. The message names that step.
      deps.logger.error({ no_order: order.noOrder, reason: error.code, ret_code: error.retCode }, `order query refused: ${error.message}`);
    } else {
      deps.logger.warn({ no_order: order.noOrder, reason: error.code, detail: error.message }, 'order query failed; will retry');
    }
    await deps.ledger.appendEvent(order.noOrder, 'query_failed', { reason: error.code });
    return order;
  }
}

async function expireIfDue(deps: PaymentsDeps, order: Order, data: Record<string, unknown>): Promise<Order | undefined> {
  await deps.ledger.appendEvent(order.noOrder, 'query_result', data);
  // Still WAITING after valid_order: LianLian has closed the order (spec §3.1 valid_order).
  return (await deps.ledger.expireOrder(order.noOrder, deps.now())) ?? order;
}

export async function reconcileRefund(deps: PaymentsDeps, refund: Refund): Promise<Refund> {
  try {
    const fields = await queryRefund(deps, refund);
    const after = await deps.ledger.updateRefund({
      noRefund: refund.noRefund,
      status: refundStatus(fields.sta_refund),
      oidRefundno: fields.oid_refundno,
      eventType: 'refund_queried',
      data: { sta_refund: fields.sta_refund ?? null },
    });
    return after ?? refund;
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    if (error instanceof LianLianApiError && error.retCode === SOURCE_NOT_ALLOWED) {
      deps.logger.error({ no_refund: refund.noRefund, reason: error.code, ret_code: error.retCode }, `refund query refused: ${error.message}`);
    } else {
      deps.logger.warn({ no_refund: refund.noRefund, reason: error.code, detail: error.message }, 'refund query failed; will retry');
    }
    if (error instanceof CallbackRejectedError) {
      await deps.ledger.appendEvent(refund.noOrder, 'refund_answer_rejected', { no_refund: refund.noRefund, reason: error.code });
    }
    return refund;
  }
}
