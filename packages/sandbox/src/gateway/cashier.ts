import express, { type Request, type Response, type Router } from 'express';
import { buildReturn } from '../callbacks/fields.js';
import type { SandboxContext } from '../context.js';
import { LianLianRefusal } from '../errors.js';
import { findFault, faultsFor } from '../faults.js';
import { parseForm } from '../http/form.js';
import { findBank } from '../lianlian/banks.js';
import { maskCard } from '../lianlian/cards.js';
import { refuse, RET } from '../lianlian/codes.js';
import { addEvent, completePayment } from '../payments.js';
import { hostedPage } from '../pages/hosted-page.js';
import { langOf, type Lang } from '../pages/i18n.js';
import { sendPage, sendPageToMerchant } from '../pages/layout.js';
import { alreadyPaidPage, cancelledPage, closedPage, errorPage, failedPage, paidPage } from '../pages/result-pages.js';
import type { Order } from '../store.js';
import { merchantLink } from './back-link.js';
import { cardPayType, cardRefusal } from './card-payment.js';
import { checkLimits, isExpired } from './checks.js';

function findOrder(ctx: SandboxContext, id: string): Order {
  const order = ctx.store.findOrderById(id);
  if (!order) throw refuse(RET.NO_RECORD, 'No such cashier session: the sandbox was reset or restarted, or the link is wrong.');
  return order;
}

const isPaid = (order: Order): boolean => order.resultPay === 'SUCCESS' || order.resultPay === 'REFUND';

/** The end of the road for a paid order, whatever the buyer does on its cashier (Back, a second Pay). */
function showPaid(ctx: SandboxContext, order: Order, lang: Lang, res: Response): void {
  sendPage(res, alreadyPaidPage(order, lang, merchantLink(ctx, order)));
}

/** GET shows whatever state the order is in; so does the language switch. */
function show(ctx: SandboxContext, order: Order, lang: Lang, res: Response): void {
  if (isPaid(order)) return showPaid(ctx, order, lang, res);
  if (order.resultPay === 'FAILURE') return sendPage(res, failedPage(order, lang, merchantLink(ctx, order)));
  if (isExpired(order, ctx.now())) return sendPage(res, closedPage(order, lang, merchantLink(ctx, order)));
  // Fail may redirect to url_return (fail_return_get), which form-action also governs.
  sendPageToMerchant(res, hostedPage({ order, lang }));
}

function pay(ctx: SandboxContext, order: Order, form: Record<string, string>, lang: Lang, res: Response): void {
  // A cashier page left open (or restored by Back) after paying: LianLian shows the order as paid.
  if (isPaid(order)) return showPaid(ctx, order, lang, res);
  if (isExpired(order, ctx.now())) return sendPage(res, closedPage(order, lang, merchantLink(ctx, order)));
  const merchant = ctx.merchants.get(order.oidPartner);
  if (!merchant) throw refuse(RET.UNKNOWN_MERCHANT, `Merchant ${order.oidPartner} was removed from the sandbox.`);
  checkLimits(ctx.store, { merchant, product: order.gateway.product, userId: order.fields.user_id, amountFen: order.amountFen, now: ctx.now() });
  // Without a pay_type the Express Pay cashier lets the buyer choose online banking or a card.
  const method = order.instrument === 'choice' ? (form.method === 'card' ? 'card' : 'bank') : order.instrument;
  if (method === 'card') {
    const cardNo = (form.card_no ?? '').replace(/\s+/g, '');
    const cardError = cardRefusal(order, cardNo);
    if (cardError) {
      addEvent(ctx, order, 'card_declined', `${cardError.code} ${maskCard(cardNo)}`);
      return sendPageToMerchant(res, hostedPage({ order, lang, cardError }));
    }
    completePayment(ctx, order, { kind: 'card', cardMasked: maskCard(cardNo), payType: cardPayType(order, cardNo) });
  } else {
    const bankCode = order.bankCode ?? form.bank_code;
    if (bankCode === undefined || !findBank(bankCode)) throw refuse(RET.BANK_UNSUPPORTED, 'Choose one of the listed banks.');
    completePayment(ctx, order, { kind: 'bank', bankCode });
  }
  const ret = buildReturn(ctx, order);
  if (ret) addEvent(ctx, order, 'returned', ret.action);
  sendPageToMerchant(res, paidPage(order, lang, ret));
}

function fail(ctx: SandboxContext, order: Order, lang: Lang, res: Response): void {
  if (isPaid(order)) return showPaid(ctx, order, lang, res);
  order.resultPay = 'FAILURE';
  addEvent(ctx, order, 'failed', 'buyer chose Fail: no notification, no return (spec §4)');
  const url = order.fields.url_return;
  if (url && findFault(faultsFor(ctx.faults, order.noOrder), 'fail_return_get')) {
    addEvent(ctx, order, 'returned', `GET ${url} without data (fail_return_get)`);
    return res.redirect(303, url);
  }
  sendPage(res, failedPage(order, lang, merchantLink(ctx, order)));
}

type Action = (order: Order, form: Record<string, string>, lang: Lang, res: Response) => void;

function withOrder(ctx: SandboxContext, action: Action) {
  return (req: Request<{ id: string }>, res: Response): void => {
    const form = Buffer.isBuffer(req.body) ? parseForm(req.body, req.get('content-type')) : {};
    const lang = langOf(form.lang ?? req.query.lang);
    try {
      action(findOrder(ctx, req.params.id), form, lang, res);
    } catch (err) {
      if (!(err instanceof LianLianRefusal)) throw err;
      sendPage(res, errorPage(err, lang));
    }
  };
}

/** The hosted cashier a buyer sees after a gateway accepted the merchant's request. */
export function cashierRouter(ctx: SandboxContext): Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: '16kb' });
  router.get('/cashier/:id', withOrder(ctx, (order, _f, lang, res) => show(ctx, order, lang, res)));
  router.post('/cashier/:id/pay', raw, withOrder(ctx, (order, form, lang, res) => pay(ctx, order, form, lang, res)));
  router.post('/cashier/:id/fail', raw, withOrder(ctx, (order, _f, lang, res) => fail(ctx, order, lang, res)));
  router.post('/cashier/:id/cancel', raw, withOrder(ctx, (order, _f, lang, res) => {
    if (isPaid(order)) return showPaid(ctx, order, lang, res);
    addEvent(ctx, order, 'cancelled', 'buyer cancelled on the cashier; the order stays open');
    sendPage(res, cancelledPage(order, lang, merchantLink(ctx, order)));
  }));
  return router;
}
