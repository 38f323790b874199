import { randomBytes } from 'node:crypto';
import { beijingTimestamp, formatAmount, type Fen, type KitError } from '@lianlian-checkout/protocol';
import { LianLianUnavailableError, NoRefundConflictError, SourceNotRegisteredError, OrderNotFoundError, OrderNotRefundableError, RefundExceedsAmountError } from '../errors.js';
import type { Refund } from '../ledger/types.js';
import { CallbackRejectedError } from './callback-checks.js';
import type { PaymentsDeps } from './deps.js';
import { applyRefund, LianLianApiError, REGISTER_SOURCE_STEP, SOURCE_NOT_ALLOWED } from './query-client.js';
import { isMerchantRef } from './refs.js';
import { refundStatus } from './refund-notify.js';

/**
 * Refunds (spec §6.2): the ledger checks the cumulative amount under the order's lock, then
 * `refund.htm` is called. A refusal by LianLian marks the refund failed; a network failure leaves it
 * `requested` for the refund query to settle, so a refund is never applied twice.
 */
export interface RefundRequest {
  noOrder: string;
  amountFen: Fen;
  noRefund: string | undefined;
}

export function newRefundId(now: Date): string {
  return `R${beijingTimestamp(now)}${randomBytes(6).toString('hex')}`;
}

export async function requestRefund(deps: PaymentsDeps, input: RefundRequest): Promise<{ created: boolean; refund: Refund }> {
  const noRefund = input.noRefund ?? newRefundId(deps.now());
  if (!isMerchantRef(input.noOrder)) throw orderNotFound(input.noOrder);
  const result = await deps.ledger.createRefund({ noOrder: input.noOrder, noRefund, amountFen: input.amountFen, dtRefund: beijingTimestamp(deps.now()) });
  switch (result.kind) {
    case 'order_not_found':
      throw orderNotFound(input.noOrder);
    case 'not_refundable':
      throw new OrderNotRefundableError(`Order ${input.noOrder} is ${result.order.status}; only paid orders can be refunded.`);
    case 'exceeds': {
      const left = result.refundableFen > 0 ? formatAmount(result.refundableFen) : '0.00';
      throw new RefundExceedsAmountError(
        `Refunds of order ${input.noOrder} would add up to more than it was paid; ${left} CNY remains refundable.`,
        { details: { refundable: left } },
      );
    }
    case 'existing':
      if (result.refund.noOrder !== input.noOrder || result.refund.amountFen !== input.amountFen) {
        throw new NoRefundConflictError(`no_refund ${noRefund} is already used for another refund; choose a new no_refund.`);
      }
      return { created: false, refund: result.refund };
    case 'created':
      return { created: true, refund: await submit(deps, result.order, result.refund) };
  }
}

function orderNotFound(noOrder: string): OrderNotFoundError {
  return new OrderNotFoundError(`No order ${JSON.stringify(noOrder.slice(0, 32))} exists on this server. Check no_order.`);
}

async function submit(deps: PaymentsDeps, order: Parameters<typeof applyRefund>[1], refund: Refund): Promise<Refund> {
  try {
    const fields = await applyRefund(deps, order, refund);
    const after = await deps.ledger.updateRefund({
      noRefund: refund.noRefund, status: refundStatus(fields.sta_refund), oidRefundno: fields.oid_refundno,
      eventType: 'refund_applied', data: { sta_refund: fields.sta_refund ?? null },
    });
    return after ?? refund;
  } catch (error) {
    if (error instanceof CallbackRejectedError) {
      // A signed answer about another refund or amount: not applied, and the refund query settles it.
      await deps.ledger.appendEvent(order.noOrder, 'refund_answer_rejected', { no_refund: refund.noRefund, reason: error.code });
      throw unconfirmed(deps, refund, error);
    }
    if (!(error instanceof LianLianApiError)) throw error;
    if (error.retCode === undefined || error.retCode === '9999' || error.retCode === '1007') throw unconfirmed(deps, refund, error);
    const after = await deps.ledger.updateRefund({ noRefund: refund.noRefund, status: 'failed', eventType: 'refund_refused', data: { ret_code: error.retCode, ret_msg: error.message } });
    if (error.retCode === SOURCE_NOT_ALLOWED) throw sourceNotRegistered(deps, refund, error);
    return after ?? refund;
  }
}

function unconfirmed(deps: PaymentsDeps, refund: Refund, error: KitError): LianLianUnavailableError {
  deps.logger.warn({ no_refund: refund.noRefund, reason: error.code }, 'refund apply outcome unknown; the refund query will settle it');
  return new LianLianUnavailableError(`LianLian did not confirm refund ${refund.noRefund}: ${error.message} It stays "requested" and is queried again; do not resend with a new no_refund.`);
}

/** 1008: refused before anything was applied, so the refund is failed; the fix is on LianLian's side. */
function sourceNotRegistered(deps: PaymentsDeps, refund: Refund, error: LianLianApiError): SourceNotRegisteredError {
  deps.logger.error({ no_refund: refund.noRefund, no_order: refund.noOrder, reason: error.code, ret_code: error.retCode }, error.message);
  return new SourceNotRegisteredError(
    `LianLian refused refund ${refund.noRefund} (ret_code 1008): it checks refund and order-query calls by the calling server's IP address, and this server's is not registered. To fix it, ${REGISTER_SOURCE_STEP}. Nothing was refunded; the refund is marked failed, so send it again with a new no_refund once the IP is registered.`,
  );
}
