/** Hosted-page strings. Chinese is LianLian's default; `?lang=en` switches (issue 6). */
export type Lang = 'zh' | 'en';

const zh = {
  title: '连连支付 收银台（沙箱）', sandboxBadge: '沙箱环境 · 非真实支付', merchant: '商户', order: '订单号',
  goods: '商品', amount: '应付金额', orderTime: '下单时间', validUntil: '有效期至', chooseBank: '选择银行',
  directBank: '网上银行', cardNo: '银行卡号', cardHint: '请输入测试卡号', pay: '确认支付', fail: '模拟支付失败',
  cancel: '取消支付', paid: '支付成功', paidText: '您的支付已完成。', returning: '正在返回商户…',
  returnToMerchant: '返回商户', noReturn: '商户未提供返回地址，您可以关闭此页面。', failed: '支付失败',
  failedText: '本次支付未成功，订单未扣款。', cancelled: '已取消支付', cancelledText: '您已取消本次支付，可以返回商户重新下单。',
  closed: '订单已关闭', closedText: '该订单已超过有效期或已关闭，无法继续支付。', error: '请求错误',
  errorText: '连连支付拒绝了商户的请求。', developer: '开发者信息', switchLang: 'English', cny: '元',
  payMethod: '支付方式', byBank: '网上银行', byCard: '银行卡快捷支付', quickpayTitle: '银行卡快捷支付（沙箱）',
  cardHolder: '持卡人', changeCard: '返回修改', amountPaid: '已付金额', backToMerchant: '返回商户',
  alreadyPaid: '订单已支付', alreadyPaidText: '该订单已支付成功，无需再次支付。', resume: '继续支付',
};

const en: typeof zh = {
  title: 'LianLian Pay checkout (sandbox)', sandboxBadge: 'Sandbox · no real money', merchant: 'Merchant', order: 'Order no.',
  goods: 'Goods', amount: 'Amount due', orderTime: 'Order time', validUntil: 'Valid until', chooseBank: 'Choose your bank',
  directBank: 'Online banking', cardNo: 'Card number', cardHint: 'Type a test card number', pay: 'Pay', fail: 'Simulate failure',
  cancel: 'Cancel', paid: 'Payment successful', paidText: 'Your payment is complete.', returning: 'Returning to the merchant…',
  returnToMerchant: 'Return to merchant', noReturn: 'The merchant gave no return address; you may close this page.', failed: 'Payment failed',
  failedText: 'The payment did not go through; nothing was charged.', cancelled: 'Payment cancelled', cancelledText: 'You cancelled this payment. You can go back to the merchant and try again.',
  closed: 'Order closed', closedText: 'This order has expired or was closed and can no longer be paid.', error: 'Request refused',
  errorText: 'LianLian Pay refused the merchant\'s request.', developer: 'For developers', switchLang: '中文', cny: 'CNY',
  payMethod: 'Pay with', byBank: 'Online banking', byCard: 'Bank card (quick pay)', quickpayTitle: 'Bank card quick pay (sandbox)',
  cardHolder: 'Card holder', changeCard: 'Change details', amountPaid: 'Amount paid', backToMerchant: 'Back to merchant',
  alreadyPaid: 'Order already paid', alreadyPaidText: 'This order has been paid; there is nothing left to pay.', resume: 'Resume payment',
};

export type Messages = typeof zh;

export function messages(lang: Lang): Messages {
  return lang === 'en' ? en : zh;
}

export function langOf(value: unknown): Lang {
  return value === 'en' ? 'en' : 'zh';
}
