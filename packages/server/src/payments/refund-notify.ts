import type { RefundStatus } from '../ledger/types.js';
import { checkAmount, reject } from './callback-checks.js';
import type { PaymentsDeps } from './deps.js';

/** `sta_refund` (spec §6.2): 0 applied, 1 processing, 2 success, 3 failed. */
export function refundStatus(staRefund: string | undefined): RefundStatus {
  switch (staRefund) {
    case '0':
      return 'requested';
    case '1':
      return 'processing';
    case '2':
      return 'succeeded';
    case '3':
      return 'failed';
    default:
      throw reject('unknown_sta_refund', `sta_refund "${(staRefund ?? '').slice(0, 10)}" is not 0, 1, 2 or 3 (spec §6.2).`);
  }
}

/**
 * A refund notification (spec §5 "Fields: refund"), already verified and merchant-checked: recorded
 * once (unique on no_refund + sta_refund) together with its effect, in one transaction.
 */
export async function handleRefundNotification(deps: PaymentsDeps, fields: Record<string, string>): Promise<void> {
  const noRefund = fields.no_refund ?? '';
  const refund = await deps.ledger.getRefund(noRefund);
  if (!refund) throw reject('unknown_refund', `no_refund "${noRefund.slice(0, 40)}" is not a refund of this server.`);
  checkAmount('money_refund', fields.money_refund, refund.amountFen);
  const status = refundStatus(fields.sta_refund);
  const outcome = await deps.ledger.recordRefundCallback({
    noRefund,
    ref: `${noRefund}:${fields.sta_refund ?? ''}`,
    fields,
    status,
    oidRefundno: fields.oid_refundno,
    eventType: 'refund_notified',
    data: { sta_refund: fields.sta_refund, oid_refundno: fields.oid_refundno ?? null },
  });
  if (outcome.kind === 'refund_not_found') throw reject('unknown_refund', `no_refund "${noRefund.slice(0, 40)}" disappeared.`);
  const log = { no_order: refund.noOrder, no_refund: noRefund, status: outcome.refund.status };
  deps.logger.info(log, outcome.kind === 'duplicate' ? 'refund notification duplicate: nothing changed' : 'refund notification recorded');
}
