import express, { type Request, type Response, type Router } from 'express';
import { formatAmount, KitError, parseAmount, type ErrorCodeWithStatus } from '@lianlian-checkout/protocol';
import { BadRequestError } from '../errors.js';
import type { Refund } from '../ledger/types.js';
import type { PaymentsDeps } from '../payments/deps.js';
import { requestRefund } from '../payments/refunds.js';
import { requireShopKey } from './auth.js';
import { jsonBody } from './body.js';

/**
 * `POST /v1/orders/:no_order/refunds` for the shop backend (bearer). Body `{ amount: "10.00",
 * no_refund?: "…" }`; repeating a no_refund with the same amount replays the refund (200).
 */
const NO_REFUND = /^[A-Za-z0-9_-]{1,32}$/;

export function refundsRouter(deps: PaymentsDeps): Router {
  const router = express.Router();
  router.post('/v1/orders/:no_order/refunds', requireShopKey(deps.config), jsonBody('16kb'), async (req: Request, res: Response) => {
    const { amountFen, noRefund } = readBody(req.body);
    const { created, refund } = await requestRefund(deps, { noOrder: String(req.params.no_order), amountFen, noRefund });
    res.status(created ? 201 : 200).json(view(refund));
  });
  return router;
}

/** What `parseAmount` refuses an amount with; each is answered under its own code. */
const AMOUNT_CODES = ['amount_not_string', 'amount_format', 'amount_out_of_range'] as const satisfies readonly ErrorCodeWithStatus<400>[];

function isAmountCode(code: string): code is (typeof AMOUNT_CODES)[number] {
  return (AMOUNT_CODES as readonly string[]).includes(code);
}

function readBody(body: unknown): { amountFen: number; noRefund: string | undefined } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestError('invalid_body', 'Send a JSON object: { "amount": "10.00", "no_refund": "optional id" } with Content-Type: application/json.');
  }
  const { amount, no_refund: noRefund } = body as Record<string, unknown>;
  let amountFen: number;
  try {
    amountFen = parseAmount(amount);
  } catch (cause) {
    if (!(cause instanceof KitError)) throw cause;
    throw new BadRequestError(isAmountCode(cause.code) ? cause.code : 'amount_format', `amount: ${cause.message}`, { cause });
  }
  if (noRefund !== undefined && (typeof noRefund !== 'string' || !NO_REFUND.test(noRefund))) {
    throw new BadRequestError('invalid_no_refund', 'no_refund must be 1–32 characters of A–Z, a–z, 0–9, "_" or "-" (LianLian String(32)), or left out.');
  }
  return { amountFen, noRefund };
}

function view(refund: Refund): Record<string, unknown> {
  return {
    no_refund: refund.noRefund,
    no_order: refund.noOrder,
    amount: formatAmount(refund.amountFen),
    status: refund.status,
    oid_refundno: refund.oidRefundno ?? null,
    created_at: refund.createdAt.toISOString(),
  };
}
