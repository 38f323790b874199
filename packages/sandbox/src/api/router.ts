import express, { type Request, type Response, type Router } from 'express';
import { signAsLianLian, type SandboxContext } from '../context.js';
import { LianLianRefusal } from '../errors.js';
import { recordRequest } from '../gateway/record.js';
import { requireMerchant, verifySignature } from '../gateway/verify.js';
import { parseJsonBody } from '../http/form.js';
import { orderAmount } from '../callbacks/fields.js';
import { findFault, faultsFor } from '../faults.js';
import { findBank } from '../lianlian/banks.js';
import { refuse, RET } from '../lianlian/codes.js';
import { lookupOrder, lookupRefund } from './lookup.js';
import { applyRefund, refundResponse } from './refund.js';

type Handler = (ctx: SandboxContext, oidPartner: string, fields: Record<string, string>) => Record<string, string>;

const compact = (o: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));

/** `/orderquery.htm` (spec §6.1): `result_pay` is the authoritative status. */
const orderQuery: Handler = (ctx, oidPartner, f) => {
  const o = lookupOrder(ctx.store, oidPartner, f, RET.NO_RECORD);
  return compact({
    ret_code: RET.OK.code, ret_msg: RET.OK.msg, oid_partner: o.oidPartner, sign_type: f.sign_type,
    no_order: o.noOrder, dt_order: o.fields.dt_order, oid_paybill: o.oidPaybill, money_order: orderAmount(ctx.settings.amountFormat, o),
    settle_date: o.settleDate, info_order: o.fields.info_order, result_pay: o.resultPay, pay_type: o.payType, bank_code: o.bankCode,
  });
};

/** Fields LianLian adds to a query answer outside the signature (spec §2.1, §6.1). */
function unsignedQueryExtras(ctx: SandboxContext, oidPartner: string, f: Record<string, string>): Record<string, string> {
  const o = lookupOrder(ctx.store, oidPartner, f, RET.NO_RECORD);
  const bank = o.bankCode === undefined ? undefined : findBank(o.bankCode);
  return compact({ bank_name: bank?.zh, memo: o.fields.name_goods, card_no: o.cardMasked });
}

/**
 * Direct APIs are checked by the caller's IP address (spec §1, request-source allow-list); LianLian
 * refuses an unregistered one with 1008 before anything else. The sandbox has no allow-list of its
 * own: the `source_not_registered` fault plays the refusal, for one order or for all.
 */
function refuseUnregisteredSource(ctx: SandboxContext, fields: Record<string, string>): void {
  if (!findFault(faultsFor(ctx.faults, fields.no_order ?? ''), 'source_not_registered')) return;
  throw refuse(RET.SOURCE_NOT_ALLOWED, "The calling server's IP address is not registered with LianLian for direct APIs (source_not_registered fault).");
}

function serve(ctx: SandboxContext, handler: Handler, withExtras: boolean) {
  return (req: Request, res: Response): void => {
    let fields: Record<string, string> = {};
    let body: Record<string, string>;
    try {
      fields = parseJsonBody(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
      refuseUnregisteredSource(ctx, fields);
      const merchant = requireMerchant(ctx.merchants, fields);
      verifySignature(merchant, fields);
      body = signAsLianLian(ctx, merchant.oidPartner, handler(ctx, merchant.oidPartner, fields));
      if (withExtras) body = { ...body, ...unsignedQueryExtras(ctx, merchant.oidPartner, fields) };
      recordRequest(ctx, { method: req.method, path: req.path, origin: undefined }, fields, { retCode: RET.OK.code, retMsg: RET.OK.msg, detail: 'answered' });
    } catch (err) {
      if (!(err instanceof LianLianRefusal)) throw err;
      recordRequest(ctx, { method: req.method, path: req.path, origin: undefined }, fields, { retCode: err.retCode, retMsg: err.retMsg, detail: err.message });
      // LianLian answers refusals unsigned, with only ret_code and ret_msg (spec §6.2).
      body = { ret_code: err.retCode, ret_msg: err.retMsg };
    }
    res.type('application/json; charset=utf-8').send(JSON.stringify(body));
  };
}

/** Server-to-server APIs: signed JSON in, signed JSON out (spec §6). */
export function serverApiRouter(ctx: SandboxContext): Router {
  const router = express.Router();
  // Raw bytes for the same reason as LianLian's own callbacks: no guessing by content type.
  const raw = express.raw({ type: () => true, limit: '64kb' });
  router.post(['/orderquery.htm', '/llwalletapi/orderquery.htm'], raw, serve(ctx, orderQuery, true));
  router.post('/refund.htm', raw, serve(ctx, applyRefund, false));
  router.post('/refundquery.htm', raw, serve(ctx, (c, id, f) => refundResponse(c.settings.amountFormat, lookupRefund(c.store, id, f)), false));
  return router;
}
