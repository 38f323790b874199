import { KitError, parseCallback, verifyFields, type ParsedCallback } from '@lianlian-checkout/protocol';
import type { Order } from '../ledger/types.js';
import { checkAmount, checkMerchant } from './callback-checks.js';
import type { PaymentsDeps } from './deps.js';
import { isMerchantRef } from './refs.js';

/**
 * The buyer's return (spec §4): flat form fields, `res_data` JSON in body or query, or nothing at
 * all. The data is only a display hint; a verified return is recorded as such (never `paid`) and the
 * reconciler queries the order. The buyer is always sent on to the shop, even when the ledger fails.
 * Only a verified return learns the order's status: anyone can send an unsigned one for a no_order
 * they know, so it gets `unknown` and the shop's page asks for the status itself.
 */
export type ReturnStatus = 'paid' | 'pending' | 'unknown';

export interface ReturnInput {
  body: Uint8Array;
  contentType: string | undefined;
  query: string;
}

/** Where the buyer goes: the order named by the return (if known) and what the shop may show. */
interface ReturnOutcome {
  noOrder: string;
  status: ReturnStatus;
}

const UNKNOWN: ReturnOutcome = { noOrder: '', status: 'unknown' };

export function shopStatus(order: Order | undefined): ReturnStatus {
  if (order?.status === 'paid') return 'paid';
  if (order?.status === 'created' || order?.status === 'pending') return 'pending';
  return 'unknown';
}

export function shopReturnLocation(template: string, noOrder: string, status: ReturnStatus): string {
  return template.replaceAll('{no_order}', encodeURIComponent(noOrder)).replaceAll('{status}', encodeURIComponent(status));
}

export async function handleReturn(deps: PaymentsDeps, input: ReturnInput): Promise<string> {
  let outcome = UNKNOWN;
  try {
    outcome = await readReturn(deps, input);
  } catch (error) {
    // The buyer must reach the shop whatever happened here; the shop page asks for the status itself.
    deps.logger.error({ err: error }, 'return could not be recorded; redirecting with status unknown');
  }
  return shopReturnLocation(deps.config.shopReturnUrl, outcome.noOrder, outcome.status);
}

async function readReturn(deps: PaymentsDeps, input: ReturnInput): Promise<ReturnOutcome> {
  let parsed: ParsedCallback;
  try {
    parsed = parseCallback({ body: input.body, query: input.query, ...(input.contentType ? { contentType: input.contentType } : {}) });
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    deps.logger.warn({ reason: error.code }, 'return data unreadable');
    return UNKNOWN;
  }
  const noOrder = parsed.fields.no_order;
  const order = isMerchantRef(noOrder) ? await deps.ledger.getOrder(noOrder) : undefined;
  if (!order) {
    deps.logger.info({ format: parsed.format, no_order: noOrder }, 'return without a known order');
    return UNKNOWN;
  }
  const hint = { format: parsed.format, result_pay: parsed.fields.result_pay ?? null, ret_code: parsed.fields.ret_code ?? null };
  let fields: Record<string, string>;
  try {
    fields = verifyFields(parsed.fields, deps.config.verifier).fields;
    checkMerchant(deps.config, fields);
    checkAmount('money_order', fields.money_order, order.amountFen);
  } catch (error) {
    if (!(error instanceof KitError)) throw error;
    const counted = await deps.ledger.countCallback(order.noOrder, { type: 'return_unverified', data: { ...hint, reason: error.code } });
    deps.logger.warn({ no_order: order.noOrder, reason: error.code, count: counted?.count }, 'return not verified; buyer sent on with status unknown');
    return { noOrder: order.noOrder, status: 'unknown' };
  }
  const after = (await deps.ledger.recordReturnHint(order.noOrder, { ...hint, oid_paybill: fields.oid_paybill ?? null })) ?? order;
  return { noOrder: after.noOrder, status: shopStatus(after) };
}
