import type { CheckoutMessages, ErrorMessages, StatusMessages } from './types.js';

const errors: ErrorMessages = {
  'error.token': 'This checkout has expired. Please check out again from your cart.',
  'error.order_paid': 'This order has already been paid.',
  'error.order_closed': 'This order can no longer be paid.',
  'error.limit': 'This payment is over the single-payment limit.',
  'error.unavailable': 'Payment is unavailable. Please contact the shop.',
  'error.rate_limited': 'Too many attempts. Please wait and try again.',
  'error.server': 'The payment service failed. Please try again.',
  'error.network': 'Could not reach the payment service. Please try again.',
  'error.timeout': 'The payment service did not answer. Please try again.',
  'error.unknown': 'The payment could not start. Please try again.',
};

export const en: CheckoutMessages = {
  ...errors,
  pay: 'Pay with LianLian',
  payAmount: 'Pay {amount} with LianLian',
  signing: 'Preparing payment…',
  redirecting: 'Taking you to LianLian Pay…',
  retry: 'Try again',
  'limit.per_day': 'This payment is over the daily limit; it resets on {time} Beijing time.',
  'limit.per_month': 'This payment is over the monthly limit; it resets on {time} Beijing time.',
};

export const enStatus: StatusMessages = {
  ...errors,
  'status.loading': 'Checking your payment…',
  'status.created': 'Waiting for your payment.',
  'status.pending': 'Your payment is being confirmed…',
  'status.paid': 'Payment received. Thank you!',
  'status.failed': 'The payment failed. You have not been charged.',
  'status.expired': 'This order has expired.',
  'status.refunded': 'This payment has been refunded.',
  'status.timeout': 'We could not confirm your payment yet. Please refresh this page in a few minutes.',
  'status.retry': 'Try again',
};
