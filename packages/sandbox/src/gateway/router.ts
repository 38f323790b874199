import express, { type Request, type Response, type Router } from 'express';
import type { SandboxContext } from '../context.js';
import { LianLianRefusal } from '../errors.js';
import { parseForm, parseReqData } from '../http/form.js';
import { RET } from '../lianlian/codes.js';
import { GATEWAYS, type Gateway } from '../lianlian/products.js';
import { langOf } from '../pages/i18n.js';
import { sendPage } from '../pages/layout.js';
import { errorPage } from '../pages/result-pages.js';
import { admit } from './admit.js';
import { recordRequest } from './record.js';

function handle(ctx: SandboxContext, gateway: Gateway, req: Request, res: Response): void {
  const origin = req.get('origin');
  const at = { method: req.method, path: req.path, origin: origin ?? req.get('referer') };
  let fields: Record<string, string> = {};
  try {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const form = parseForm(raw, req.get('content-type'));
    fields = gateway.reqData ? parseReqData(form) : form;
    const order = admit(ctx, gateway, fields, { origin, referer: req.get('referer') });
    recordRequest(ctx, at, fields, { retCode: RET.OK.code, retMsg: RET.OK.msg, detail: `order ${order.noOrder} opened` });
    res.redirect(303, `/cashier/${order.id}`);
  } catch (err) {
    if (!(err instanceof LianLianRefusal)) throw err;
    recordRequest(ctx, at, fields, { retCode: err.retCode, retMsg: err.retMsg, detail: err.message });
    // LianLian answers refusals with a normal (200) page carrying ret_code and ret_msg.
    sendPage(res, errorPage(err, langOf(req.query.lang)));
  }
}

/** LianLian's redirect gateways (spec §3): form POSTs from the buyer's browser. */
export function gatewayRouter(ctx: SandboxContext): Router {
  const router = express.Router();
  // Raw bytes: the charset comes from charset_name, so Express must not decode the form itself.
  const raw = express.raw({ type: () => true, limit: '64kb' });
  for (const gateway of GATEWAYS) {
    router.post(gateway.path, raw, (req, res) => handle(ctx, gateway, req, res));
  }
  return router;
}
