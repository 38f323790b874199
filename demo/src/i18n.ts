import { beijingTimestamp } from '@lianlian-checkout/protocol';

/**
 * The demo shop's words in its two languages. The shop switches with `?lang=` (remembered in a
 * cookie); the elements on its pages follow through their `lang` attribute.
 */
export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

export const isLang = (value: unknown): value is Lang => value === 'zh-CN' || value === 'en';

/** Every string once, as [Chinese, English]: the two languages cannot drift apart in their keys. */
const WORDS = {
  shopName: ['茶舍', 'Tea House'],
  tagline: ['lianlian-checkout 演示 · 沙箱', 'lianlian-checkout demo · sandbox'],
  switchTo: ['English', '中文'],
  footer: ['由连连支付（沙箱）提供支付服务。这里不会产生真实交易。', 'Payments by LianLian Pay (sandbox). Nothing here moves real money.'],
  products: ['商品', 'Products'],
  limitNote: ['价格均低于 50 元：产品上线前，连连支付对每位顾客的单笔、单日和单月支付额度均为 50 元。', 'Prices stay under 50 CNY: until a product goes live, LianLian caps each customer at 50 CNY per transaction, per day and per month.'],
  payment: ['支付方式', 'Payment'],
  buy: ['购买', 'Buy'],
  checkout: ['结算', 'Checkout'],
  order: ['订单号', 'Order no.'],
  orderTitle: ['订单', 'Order'],
  orderStatus: ['订单状态', 'Order status'],
  status: ['状态', 'Status'],
  history: ['订单记录', 'History'],
  webhooks: ['商店收到的通知（webhook）', 'Webhooks received by the shop'],
  continueShopping: ['继续购物', 'Continue shopping'],
  back: ['返回', 'Back'],
  tryAgain: ['重新下单', 'Try again'],
  returnSaid: ['连连支付返回的结果：', "LianLian's return said: "],
  returnHint: ['（仅作提示，以支付通知为准）', ' (a hint; the payment notification decides)'],
  notCompleted: ['支付未完成', 'Payment not completed'],
  notCompletedText: ['您在连连支付页面取消了支付，或支付失败。您的账户未被扣款。', 'The payment was cancelled or failed on the LianLian Pay page. Nothing was charged.'],
  failed: ['支付失败', 'Payment failed'],
  failedText: ['连连支付确认这笔支付没有成功。您的账户未被扣款。', 'LianLian Pay confirmed that this payment did not go through. Nothing was charged.'],
  expired: ['订单已过期', 'Order expired'],
  expiredText: ['该订单已超过支付期限，无法继续支付。您的账户未被扣款。', 'This order is past its time limit and can no longer be paid. Nothing was charged.'],
  tryAgainText: ['可以为同样的商品重新下单。', 'You can order the same items again.'],
  unknownProduct: ['未知商品', 'Unknown product'],
  unknownProductText: ['请从商品列表中选择商品。', 'Pick a product from the catalogue.'],
  orderRefused: ['无法下单', 'Order refused'],
  noSuchOrder: ['订单不存在', 'No such order'],
  noSuchOrderText: ['本店没有这个订单。', 'This shop does not know that order.'],
  tryLater: ['暂时无法处理', 'Try again'],
  tryLaterText: ['支付服务没有响应，请稍后再试。', 'The payment service did not answer. Try again in a moment.'],
} satisfies Record<string, readonly [string, string]>;

export type Messages = { readonly [K in keyof typeof WORDS]: string };

const inLanguage = (i: 0 | 1): Messages => Object.fromEntries(Object.entries(WORDS).map(([key, words]) => [key, words[i]])) as Messages;
const zh = inLanguage(0);
const en = inLanguage(1);

export const messages = (lang: Lang): Messages => (lang === 'en' ? en : zh);

/**
 * The signing server's codes as a person reads them, in one table: order statuses (`status.*`,
 * docs/server.md) and order history events (`event.*`, docs/ledger.md). A code missing here shows
 * as its own words (`refund_failed` → "refund failed").
 */
const SERVER_CODES: Partial<Record<`${'status' | 'event'}.${string}`, readonly [string, string]>> = {
  'status.created': ['待支付', 'Awaiting payment'],
  'status.pending': ['等待支付结果', 'Awaiting the payment result'],
  'status.paid': ['已支付', 'Paid'],
  'status.failed': ['支付失败', 'Payment failed'],
  'status.expired': ['已过期', 'Expired'],
  'status.refunded': ['已退款', 'Refunded'],
  'event.created': ['订单已创建', 'Order created'],
  'event.checkout_signed': ['已发起支付（表单已签名）', 'Payment started (form signed)'],
  'event.notify_verified': ['收到连连支付的支付通知（验签通过）', "LianLian's payment notification (verified)"],
  'event.notify_rejected': ['拒收了一条支付通知（验签失败或内容不符）', 'A payment notification was rejected (bad signature or content)'],
  'event.return_hint': ['买家从连连支付返回', 'The buyer came back from LianLian'],
  'event.return_unverified': ['买家返回，但返回数据无法验证', 'The buyer came back; the return data could not be verified'],
  'event.query_result': ['向连连支付查询了订单', 'Order queried at LianLian'],
  'event.query_failed': ['向连连支付查询订单失败', 'Order query at LianLian failed'],
  'event.query_rejected': ['连连支付的查询结果被拒收', "LianLian's query answer was rejected"],
  'event.expired': ['订单已过期', 'Order expired'],
  'event.duplicate_payment': ['重复支付（需要退款）', 'Duplicate payment (to refund)'],
  'event.refund_requested': ['申请退款', 'Refund requested'],
  'event.refund_notified': ['收到退款通知', 'Refund notification received'],
  'event.refund_queried': ['查询了退款', 'Refund queried'],
  'event.refund_answer_rejected': ['退款结果被拒收', 'A refund answer was rejected'],
};

const serverCode = (kind: 'status' | 'event') => (code: string, lang: Lang): string =>
  SERVER_CODES[`${kind}.${code}`]?.[lang === 'en' ? 1 : 0] ?? code.replace(/[_.]+/g, ' ');

export const statusLabel = serverCode('status');
export const eventLabel = serverCode('event');

/** `2026-03-15T04:00:00.000Z` → `2026-03-15 12:00:00` (Beijing time, as LianLian and the sandbox show it). */
export function beijingTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return beijingTimestamp(at).replace(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/, '$1-$2-$3 $4:$5:$6');
}
