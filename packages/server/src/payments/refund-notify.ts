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
 * A refund notification (spec §5 "Fields: refund"), already verified and merchant-checked. Both
 * writes are idempotent (the callback row is unique, refund status only moves forward), so a crash
 * between them is healed by LianLian's retry.
 */
export async function handleRefundNotification(deps: PaymentsDeps, fields: Record<string, string>): Promise<void> {
  const noRefund = fields.no_refund ?? '';
  const refund = await deps.ledger.getRefund(noRefund);
  if (!refund) throw reject('unknown_refund', `no_refund "${noRefund.slice(0, 40)}" is not a refund of this server.`);
  checkAmount('money_refund', fields.money_refund, refund.amountFen);
  const status = refundStatus(fields.sta_refund);
  const fresh = await deps.ledger.recordRefundCallback({ noOrder: refund.noOrder, ref: `${noRefund}:${fields.sta_refund ?? ''}`, fields });
  const after = await deps.ledger.updateRefund({
    noRefund,
    status,
    oidRefundno: fields.oid_refundno,
    eventType: 'refund_notified',
    data: { sta_refund: fields.sta_refund, oid_refundno: fields.oid_refundno ?? null, duplicate: !fresh },
  });
  deps.logger.info({ no_order: refund.noOrder, no_refund: noRefund, status: after?.status, duplicate: !fresh }, 'refund notification recorded');
}
