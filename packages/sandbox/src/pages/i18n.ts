/** Hosted-page strings. Chinese is LianLian's default; `?lang=en` switches (issue 6). */
export type Lang = 'zh' | 'en';

/** Every string once, as [Chinese, English]: the two languages cannot drift apart in their keys. */
const WORDS = {
  title: ['连连支付 收银台（沙箱）', 'LianLian Pay checkout (sandbox)'],
  sandboxBadge: ['沙箱环境 · 非真实支付', 'Sandbox · no real money'],
  merchant: ['商户', 'Merchant'],
  order: ['订单号', 'Order no.'],
  goods: ['商品', 'Goods'],
  amount: ['应付金额', 'Amount due'],
  orderTime: ['下单时间', 'Order time'],
  validUntil: ['有效期至', 'Valid until'],
  chooseBank: ['选择银行', 'Choose your bank'],
  directBank: ['网上银行', 'Online banking'],
  cardNo: ['银行卡号', 'Card number'],
  cardHint: ['请输入测试卡号', 'Type a test card number'],
  pay: ['确认支付', 'Pay'],
  fail: ['模拟支付失败', 'Simulate failure'],
  cancel: ['取消支付', 'Cancel'],
  paid: ['支付成功', 'Payment successful'],
  paidText: ['您的支付已完成。', 'Your payment is complete.'],
  returning: ['正在返回商户…', 'Returning to the merchant…'],
  returnToMerchant: ['返回商户', 'Return to merchant'],
  noReturn: ['商户未提供返回地址，您可以关闭此页面。', 'The merchant gave no return address; you may close this page.'],
  failed: ['支付失败', 'Payment failed'],
  failedText: ['本次支付未成功，订单未扣款。', 'The payment did not go through; nothing was charged.'],
  cancelled: ['已取消支付', 'Payment cancelled'],
  cancelledText: ['您已取消本次支付，可以返回商户重新下单。', 'You cancelled this payment. You can go back to the merchant and try again.'],
  closed: ['订单已关闭', 'Order closed'],
  closedText: ['该订单已超过有效期或已关闭，无法继续支付。', 'This order has expired or was closed and can no longer be paid.'],
  error: ['请求错误', 'Request refused'],
  errorText: ['连连支付拒绝了商户的请求。', 'LianLian Pay refused the merchant\'s request.'],
  developer: ['开发者信息', 'For developers'],
  switchLang: ['English', '中文'],
  cny: ['元', 'CNY'],
  payMethod: ['支付方式', 'Pay with'],
  byBank: ['网上银行', 'Online banking'],
  byCard: ['银行卡快捷支付', 'Bank card (quick pay)'],
  quickpayTitle: ['银行卡快捷支付（沙箱）', 'Bank card quick pay (sandbox)'],
  cardHolder: ['持卡人', 'Card holder'],
  changeCard: ['返回修改', 'Change details'],
  amountPaid: ['已付金额', 'Amount paid'],
  backToMerchant: ['返回商户', 'Back to merchant'],
  alreadyPaid: ['订单已支付', 'Order already paid'],
  alreadyPaidText: ['该订单已支付成功，无需再次支付。', 'This order has been paid; there is nothing left to pay.'],
  resume: ['继续支付', 'Resume payment'],
} satisfies Record<string, readonly [string, string]>;

export type Messages = { readonly [K in keyof typeof WORDS]: string };

const inLanguage = (i: 0 | 1): Messages => Object.fromEntries(Object.entries(WORDS).map(([key, words]) => [key, words[i]])) as Messages;
const zh = inLanguage(0);
const en = inLanguage(1);

export function messages(lang: Lang): Messages {
  return lang === 'en' ? en : zh;
}

export function langOf(value: unknown): Lang {
  return value === 'en' ? 'en' : 'zh';
}
