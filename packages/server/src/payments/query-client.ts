import { formatAmount, isResultPay, KitError, parseCallback, QUERY_UNSIGNED_FIELDS, signFields, type Fields, type ResultPay } from '@lianlian-checkout/protocol';
import type { Order, Refund } from '../ledger/types.js';
import { checkOrderAnswer, checkRefundAnswer } from './callback-checks.js';
import { verifyLogged } from './debug-canonical.js';
import type { PaymentsDeps } from './deps.js';

/**
 * Server → LianLian API calls (spec §6): signed JSON POSTs whose `0000` answers are verified with
 * LianLian's key, minus the fields §6.1 lists as unsigned. Raw bytes are parsed with the protocol's
 * raw-preserving reader so numbers keep the exact text LianLian signed.
 */
export class LianLianApiError extends KitError {
  /** LianLian's `ret_code` when it answered; undefined for network or HTTP failures. */
  readonly retCode: string | undefined;

  constructor(code: string, message: string, options: { retCode?: string; cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.retCode = options.retCode;
  }
}

const TIMEOUT_MS = 10_000;

/** `ret_code` 1008: request IP not allowed (spec §7), LianLian's request-source allow-list (spec §1). */
export const SOURCE_NOT_ALLOWED = '1008';

/** The step a 1008 refusal asks for, named the same way in the logs and on the refund API. */
export const REGISTER_SOURCE_STEP = "register this server's egress IP addresses with LianLian; see docs/go-live.md";

export async function postSigned(deps: PaymentsDeps, url: string, request: Fields): Promise<Record<string, string>> {
  const body = JSON.stringify(signFields(request, deps.config.signer));
  let raw: Uint8Array;
  try {
    const res = await deps.fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json;charset=utf-8' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    raw = new Uint8Array(await res.arrayBuffer());
    if (!res.ok) throw new LianLianApiError('lianlian_http_error', `${url} answered HTTP ${res.status}.`);
  } catch (cause) {
    if (cause instanceof LianLianApiError) throw cause;
    throw new LianLianApiError('lianlian_unreachable', `${url} could not be reached: ${cause instanceof Error ? cause.message : 'request failed'}.`, { cause });
  }
  const { fields } = parseCallback({ body: raw, contentType: 'application/json' });
  if (fields.ret_code === SOURCE_NOT_ALLOWED) {
    throw new LianLianApiError(
      'lianlian_source_not_registered',
      `LianLian refused ${url} with ret_code 1008 (${fields.ret_msg ?? 'request IP not allowed'}): direct API calls are checked by the calling server's IP address. To fix it, ${REGISTER_SOURCE_STEP}.`,
      { retCode: fields.ret_code },
    );
  }
  if (fields.ret_code !== '0000') {
    throw new LianLianApiError('lianlian_refused', `LianLian answered ret_code ${fields.ret_code ?? '(none)'}: ${fields.ret_msg ?? ''}`.trim(), { retCode: fields.ret_code });
  }
  return verifyLogged(deps, fields, { name: 'LianLian answer', exclude: QUERY_UNSIGNED_FIELDS });
}

export interface OrderQueryResult {
  resultPay: ResultPay;
  oidPaybill: string | undefined;
  fields: Record<string, string>;
}

/**
 * `orderquery.htm` (spec §6.1) by `no_order` + `dt_order`. The answer is checked like a
 * notification (`checkOrderAnswer`); a mismatch throws a `CallbackRejectedError`.
 */
export async function queryOrder(deps: PaymentsDeps, order: Order): Promise<OrderQueryResult> {
  const fields = await postSigned(deps, deps.config.orderQueryUrl, {
    oid_partner: deps.config.oidPartner, no_order: order.noOrder, dt_order: order.dtOrder, query_version: '1.0',
  });
  checkOrderAnswer(deps.config, order, fields);
  const resultPay = fields.result_pay;
  if (!isResultPay(resultPay)) {
    throw new LianLianApiError('query_result_unknown', `result_pay "${resultPay ?? ''}" is not a documented value (spec §6.1).`);
  }
  return { resultPay, oidPaybill: fields.oid_paybill, fields };
}

/** `refund.htm` (spec §6.2); the refund's notify_url is this server's notify route. The answer is checked (`checkRefundAnswer`). */
export async function applyRefund(deps: PaymentsDeps, order: Order, refund: Refund): Promise<Record<string, string>> {
  const fields = await postSigned(deps, deps.config.refundUrl, {
    oid_partner: deps.config.oidPartner, no_refund: refund.noRefund, dt_refund: refund.dtRefund, money_refund: formatAmount(refund.amountFen),
    no_order: order.noOrder, dt_order: order.dtOrder, notify_url: deps.config.notifyUrl,
  });
  checkRefundAnswer(deps.config, refund, fields);
  return fields;
}

/** `refundquery.htm` (spec §6.3). The answer is checked (`checkRefundAnswer`). */
export async function queryRefund(deps: PaymentsDeps, refund: Refund): Promise<Record<string, string>> {
  const fields = await postSigned(deps, deps.config.refundQueryUrl, { oid_partner: deps.config.oidPartner, no_refund: refund.noRefund, dt_refund: refund.dtRefund });
  checkRefundAnswer(deps.config, refund, fields);
  return fields;
}
