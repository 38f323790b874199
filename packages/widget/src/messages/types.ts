/**
 * Error codes the elements know: the signing server's, plus the browser-side ones. The server's are
 * checked against its registry (`ERROR_CODES`, a type import in error-codes.test.ts).
 */
export type KnownErrorCode =
  | 'token_unknown'
  | 'token_expired'
  | 'order_paid'
  | 'order_failed'
  | 'order_expired'
  | 'order_refunded'
  | 'limit_exceeded'
  | 'origin_not_allowed'
  | 'product_not_enabled'
  | 'rate_limited'
  | 'invalid_request'
  | 'internal_error'
  | 'network_error'
  | 'timeout'
  | 'gateway_not_allowed'
  | 'invalid_response'
  | 'invalid_config';

/**
 * The buyer-facing error texts. Several codes share one: a buyer can do the same about
 * `origin_not_allowed` as about `product_not_enabled` (contact the shop); the exact code still
 * reaches the developer in `lianlian-error`.
 */
export type ErrorMessageKey =
  | 'error.token'
  | 'error.order_paid'
  | 'error.order_closed'
  | 'error.limit'
  | 'error.unavailable'
  | 'error.rate_limited'
  | 'error.server'
  | 'error.network'
  | 'error.timeout'
  | 'error.unknown';

/**
 * Which codes show which text (space-separated codes per key); codes not listed (a newer
 * server's) show `error.unknown`.
 */
export const ERROR_MESSAGE_CODES: Readonly<Record<Exclude<ErrorMessageKey, 'error.unknown'>, string>> = {
  'error.token': 'token_unknown token_expired',
  'error.order_paid': 'order_paid',
  'error.order_closed': 'order_failed order_expired order_refunded',
  'error.limit': 'limit_exceeded',
  'error.unavailable':
    'origin_not_allowed product_not_enabled invalid_request invalid_response invalid_config gateway_not_allowed',
  'error.rate_limited': 'rate_limited',
  'error.server': 'internal_error',
  'error.network': 'network_error',
  'error.timeout': 'timeout',
};

/** Order statuses the signing server reports (`GET /v1/checkout/status`). */
export const ORDER_STATUSES = ['created', 'pending', 'paid', 'failed', 'expired', 'refunded'] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type ErrorMessages = Readonly<Record<ErrorMessageKey, string>>;

/**
 * `<lianlian-checkout>`'s strings. `{amount}` in `payAmount` is replaced by the formatted amount;
 * `{time}` in `limit.per_day` and `limit.per_month` (the day's or month's limit of a
 * `limit_exceeded`; the per-transaction limit shows `error.limit`) by when it resets, in Beijing time.
 */
export type CheckoutMessages = ErrorMessages &
  Readonly<Record<'pay' | 'payAmount' | 'signing' | 'redirecting' | 'retry' | 'limit.per_day' | 'limit.per_month', string>>;

/** `<lianlian-order-status>`'s strings. */
export type StatusMessages = ErrorMessages & Readonly<Record<`status.${OrderStatus | 'loading' | 'timeout' | 'retry'}`, string>>;

export type Locale = 'en' | 'zh-CN';
