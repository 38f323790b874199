import type { CheckoutMessages, ErrorMessages, StatusMessages } from './types.js';

const errors: ErrorMessages = {
  'error.token': '结算已过期，请从购物车重新结算。',
  'error.order_paid': '该订单已支付。',
  'error.order_closed': '该订单已无法支付。',
  'error.limit': '金额超出单笔支付限额。',
  'error.unavailable': '暂无法支付，请联系商家。',
  'error.rate_limited': '操作过于频繁，请稍后重试。',
  'error.server': '支付服务出现问题，请重试。',
  'error.network': '无法连接支付服务，请重试。',
  'error.timeout': '支付服务响应超时，请重试。',
  'error.unknown': '无法发起支付，请稍后重试。',
};

export const zhCN: CheckoutMessages = {
  ...errors,
  pay: '连连支付',
  payAmount: '连连支付 {amount}',
  signing: '正在准备支付…',
  redirecting: '正在跳转到连连支付…',
  retry: '重试',
  'limit.per_day': '已超出每日支付限额，将于 {time}（北京时间）恢复。',
  'limit.per_month': '已超出每月支付限额，将于 {time}（北京时间）恢复。',
};

export const zhCNStatus: StatusMessages = {
  ...errors,
  'status.loading': '正在查询支付结果…',
  'status.created': '等待支付。',
  'status.pending': '正在确认您的支付…',
  'status.paid': '支付成功，谢谢！',
  'status.failed': '支付失败，您未被扣款。',
  'status.expired': '该订单已过期。',
  'status.refunded': '该笔支付已退款。',
  'status.timeout': '暂未确认支付结果，请几分钟后刷新本页。',
  'status.retry': '重新支付',
};
