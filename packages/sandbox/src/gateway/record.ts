import type { SandboxContext } from '../context.js';
import { maskCard } from '../lianlian/cards.js';

/** Fields as the request log shows them: no signature value, no full card or id numbers. */
export function redact(fields: Record<string, string>): Record<string, string> {
  const out = { ...fields };
  if (out.sign !== undefined) out.sign = `[${out.sign.length} chars]`;
  if (out.card_no !== undefined) out.card_no = maskCard(out.card_no);
  if (out.id_no !== undefined) out.id_no = `${out.id_no.slice(0, 3)}****`;
  return out;
}

export interface Outcome {
  readonly retCode: string;
  readonly retMsg: string;
  readonly detail: string;
}

export function recordRequest(
  ctx: Pick<SandboxContext, 'store' | 'now' | 'logger'>,
  req: { method: string; path: string; origin: string | undefined },
  fields: Record<string, string>,
  outcome: Outcome,
): void {
  ctx.store.addRequest({
    at: ctx.now().toISOString(), method: req.method, path: req.path, origin: req.origin,
    oid_partner: fields.oid_partner, no_order: fields.no_order, fields: redact(fields),
    ret_code: outcome.retCode, ret_msg: outcome.retMsg, detail: outcome.detail,
  });
  ctx.logger.info({ path: req.path, oid_partner: fields.oid_partner, no_order: fields.no_order, ret_code: outcome.retCode }, 'lianlian request');
}
