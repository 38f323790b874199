import { isResultPay, KitError, parseReceivedAmount, RESULT_PAY_VALUES, type Fen, type ResultPay } from '@lianlian-checkout/protocol';
import type { Config } from '../config/types.js';
import type { Order, Refund } from '../ledger/types.js';
import type { StatusEvent } from '../ledger/state.js';

/**
 * Content checks after the signature (spec §5 "Check the content too"): each failure is a typed
 * error with a stable code, recorded in the order's history and logged with its reason.
 */
export class CallbackRejectedError extends KitError {}

export function reject(code: string, message: string): CallbackRejectedError {
  return new CallbackRejectedError(code, message);
}

export function checkMerchant(config: Config, fields: Record<string, string>): void {
  if (fields.oid_partner !== config.oidPartner) {
    throw reject(
      'wrong_merchant',
      `The callback is for oid_partner "${(fields.oid_partner ?? '').slice(0, 20)}", not this server's LIANLIAN_OID_PARTNER; it was ignored.`,
    );
  }
}

/**
 * Compares an amount LianLian sent with ours, in fen: LianLian writes amounts like Java's
 * `Double.toString` ("0.1", "1000.0"), not as the two decimals we sent (spec §9).
 */
export function checkAmount(field: string, value: string | undefined, expected: Fen): void {
  let fen: Fen;
  try {
    fen = parseReceivedAmount(value);
  } catch (cause) {
    const reason = cause instanceof KitError ? ` (${cause.code})` : '';
    throw new CallbackRejectedError('wrong_amount', `${field} "${(value ?? '').slice(0, 20)}" is not a CNY amount${reason}.`, { cause });
  }
  if (fen !== expected) {
    throw reject('wrong_amount', `${field} ${value ?? ''} does not equal the recorded amount (${expected} fen); the callback was ignored.`);
  }
}

/**
 * An order-query answer gets the checks a notification gets (spec §5, §6.1): our merchant, this
 * order, this amount in fen. Only then is its `result_pay` applied.
 */
export function checkOrderAnswer(config: Config, order: Pick<Order, 'noOrder' | 'amountFen'>, fields: Record<string, string>): void {
  checkMerchant(config, fields);
  if (fields.no_order !== order.noOrder) {
    throw reject('wrong_order', `The answer is about no_order "${(fields.no_order ?? '').slice(0, 40)}", not ${order.noOrder}; it was ignored.`);
  }
  checkAmount('money_order', fields.money_order, order.amountFen);
}

/** A refund apply or query answer (spec §6.2, §6.3): our merchant, this refund, its amount in fen. */
export function checkRefundAnswer(config: Config, refund: Pick<Refund, 'noRefund' | 'amountFen'>, fields: Record<string, string>): void {
  checkMerchant(config, fields);
  if (fields.no_refund !== refund.noRefund) {
    throw reject('wrong_refund', `The answer is about no_refund "${(fields.no_refund ?? '').slice(0, 40)}", not ${refund.noRefund}; it was ignored.`);
  }
  checkAmount('money_refund', fields.money_refund, refund.amountFen);
}

/** `result_pay` → state-machine event (spec §5, §6.1). `undefined` = recorded, no status change. */
const RESULT_EVENTS: Readonly<Record<ResultPay, StatusEvent | undefined>> = {
  SUCCESS: 'payment_succeeded',
  FAILURE: 'payment_failed',
  WAITING: undefined,
  PROCESSING: undefined,
  REFUND: 'fully_refunded',
};

export function resultEvent(resultPay: string | undefined): StatusEvent | undefined {
  if (!isResultPay(resultPay)) {
    throw reject('unknown_result_pay', `result_pay "${(resultPay ?? '').slice(0, 20)}" is not one of ${RESULT_PAY_VALUES.join(', ')}.`);
  }
  return RESULT_EVENTS[resultPay];
}

export function isAllowedIp(allowlist: readonly string[] | undefined, ip: string | undefined): boolean {
  if (allowlist === undefined) return true;
  if (ip === undefined) return false;
  const bare = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return allowlist.includes(bare);
}
