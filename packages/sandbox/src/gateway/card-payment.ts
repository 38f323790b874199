import { findTestCard } from '../lianlian/cards.js';
import { RET } from '../lianlian/codes.js';
import type { Order } from '../store.js';

export interface CardDecline {
  readonly code: string;
  readonly msg: string;
}

/**
 * Card payments: the test card decides (docs/sandbox.md); a decline keeps the order open. Easy Pay
 * pre-authorisation (F) needs a credit card; on a quick-pay cashier a requested 2 needs a debit
 * card and a requested 3 a credit card.
 */
export function cardRefusal(order: Order, cardNo: string): CardDecline | undefined {
  const card = findTestCard(cardNo);
  if (!card) return { code: RET.INVALID_PARAM.code, msg: `${RET.INVALID_PARAM.msg}[card_no]` };
  if (order.payType === 'F' && card.card_type !== 'credit') return { code: RET.PAY_FAILED.code, msg: '支付失败:预授权仅支持信用卡' };
  if (order.gateway.quickPay && order.requestedPayType === '2' && card.card_type !== 'debit') return { code: RET.PAY_FAILED.code, msg: '支付失败:仅支持借记卡' };
  if (order.gateway.quickPay && order.requestedPayType === '3' && card.card_type !== 'credit') return { code: RET.PAY_FAILED.code, msg: '支付失败:仅支持信用卡' };
  return card.outcome === 'success' ? undefined : { code: card.ret_code, msg: card.ret_msg };
}

/**
 * The `pay_type` LianLian reports for a card payment (§9: the Express Pay cashier reports 2 and D):
 * on a quick-pay cashier the card's kind, 2 debit or 3 credit, unless the merchant asked for
 * verified payment (D); elsewhere the requested code (Easy Pay M/F, auth pay D/P).
 */
export function cardPayType(order: Order, cardNo: string): string {
  if (!order.gateway.quickPay || order.requestedPayType === 'D') return order.payType;
  return findTestCard(cardNo)?.card_type === 'credit' ? '3' : '2';
}
