import type { KitError} from '@lianlian-checkout/protocol';
import { CallbackParseError, parseCallback, SignatureError, type ParsedCallback } from '@lianlian-checkout/protocol';
import { CallbackRejectedError, checkAmount, checkMerchant, isAllowedIp, reject, resultEvent } from './callback-checks.js';
import { verifyLogged } from './debug-canonical.js';
import type { Order } from '../ledger/types.js';
import type { PaymentsDeps } from './deps.js';
import { handleRefundNotification } from './refund-notify.js';
import { isMerchantRef } from './refs.js';

/**
 * LianLian's async notification (spec §5): verify with the configured key over every received field,
 * check merchant/order/amount, record once in one transaction, and only then answer `0000`.
 */
export interface RawCallback {
  body: Uint8Array;
  contentType: string | undefined;
  ip: string | undefined;
}

export interface NotifyAnswer {
  /** HTTP status: 200 for anything LianLian should not retry sooner, 503 for a transient failure. */
  status: number;
  body: { ret_code: string; ret_msg: string };
}

export async function handleNotify(deps: PaymentsDeps, req: RawCallback): Promise<NotifyAnswer> {
  let parsed: ParsedCallback | undefined;
  try {
    if (!isAllowedIp(deps.config.notifyIpAllowlist, req.ip)) {
      throw reject('ip_not_allowed', `Source IP ${req.ip ?? 'unknown'} is not in LIANLIAN_NOTIFY_IP_ALLOWLIST.`);
    }
    parsed = parseCallback({ body: req.body, ...(req.contentType ? { contentType: req.contentType } : {}) });
    const fields = verifyLogged(deps, parsed.fields, { name: 'notify' });
    checkMerchant(deps.config, fields);
    if (fields.no_refund !== undefined) await handleRefundNotification(deps, fields);
    else await recordPayment(deps, fields);
    return { status: 200, body: { ret_code: '0000', ret_msg: deps.config.notifyAckMessage } };
  } catch (error) {
    if (isRejection(error)) return rejected(deps, error, parsed?.fields ?? {}, req.ip);
    // Anything else (database, ledger conflict, configuration) is not the message's fault: retry later.
    deps.logger.error({ err: error, no_order: parsed?.fields.no_order }, 'notify not recorded (transient); LianLian will retry');
    return { status: 503, body: { ret_code: '9999', ret_msg: 'temporarily unavailable, retry' } };
  }
}

/** What the message itself got wrong: answered non-0000 and recorded as a rejection. */
function isRejection(error: unknown): error is KitError {
  return error instanceof CallbackRejectedError || error instanceof SignatureError || error instanceof CallbackParseError;
}

/**
 * A payment notification, recorded once per (no_order, oid_paybill, result_pay): a later state of
 * the same payment (FAILURE then SUCCESS, SUCCESS then REFUND) is a new fact and is applied.
 */
async function recordPayment(deps: PaymentsDeps, fields: Record<string, string>): Promise<void> {
  const noOrder = fields.no_order;
  const unknown = (): CallbackRejectedError => reject('unknown_order', `no_order "${(noOrder ?? '').slice(0, 40)}" is not an order of this server.`);
  if (!noOrder) throw unknown();
  const event = resultEvent(fields.result_pay);
  const resultPay = fields.result_pay ?? '';
  const oidPaybill = fields.oid_paybill;
  if (!oidPaybill) throw reject('missing_oid_paybill', 'The notification has no oid_paybill, so it cannot be deduplicated.');
  // The amount is checked against the order as read in the recording transaction: one read, no second look.
  const check = (order: Order): void => checkAmount('money_order', fields.money_order, order.amountFen);
  const outcome = await deps.ledger.recordPaymentCallback({ noOrder, oidPaybill, resultPay, fields, event, eventType: 'notify_verified', check });
  if (outcome.kind === 'order_not_found') throw unknown();
  const log = { no_order: noOrder, oid_paybill: oidPaybill, result_pay: resultPay, status: outcome.order.status };
  if (outcome.kind === 'duplicate') deps.logger.info(log, 'notify duplicate: already recorded, nothing changed');
  else if (outcome.kind === 'duplicate_payment') {
    // A second LianLian payment (new oid_paybill) for an order already paid: money to give back.
    deps.logger.warn({ ...log, paid_by: outcome.order.oidPaybill }, 'second payment for a paid order: recorded, order.duplicate_payment sent to the shop to refund it');
  } else deps.logger.info({ ...log, changed: outcome.changed }, 'notify recorded');
}

/**
 * A rejection changes nothing; it is logged and, when the order is known, counted on it (the first
 * few with their reason in its history: anyone can send these, so they must not grow it).
 */
async function rejected(deps: PaymentsDeps, error: KitError, fields: Record<string, string>, ip: string | undefined): Promise<NotifyAnswer> {
  deps.logger.warn({ reason: error.code, detail: error.message, no_order: fields.no_order, no_refund: fields.no_refund, ip }, 'notify rejected');
  try {
    // Refund notifications carry no no_order (spec §5): their order is found through the refund.
    // Values no order or refund can have (any length, a NUL) are not looked up.
    const noOrder = fields.no_order ?? (isMerchantRef(fields.no_refund) ? (await deps.ledger.getRefund(fields.no_refund))?.noOrder : undefined);
    // Counted only for an order that exists (countCallback checks in its transaction).
    if (isMerchantRef(noOrder)) await deps.ledger.countCallback(noOrder, { type: 'notify_rejected', data: { reason: error.code, message: error.message, ip: ip ?? null } });
  } catch (cause) {
    deps.logger.error({ err: cause, no_order: fields.no_order }, 'could not record the notify rejection in the order history');
  }
  return { status: 200, body: { ret_code: '9999', ret_msg: error.code } };
}
