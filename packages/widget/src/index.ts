// The package's side-effect-free entry: classes, events and types, nothing registered.
// Register with the define modules (`@lianlian-checkout/widget/define/…`) or load dist/*.js.
export { LianLianCheckout } from './checkout/lianlian-checkout.js';
export type { CheckoutStatus } from './checkout/lianlian-checkout.js';
export * from './checkout/events.js';
export { LianLianOrderStatus } from './order-status/lianlian-order-status.js';
export type { OrderStatusState } from './order-status/lianlian-order-status.js';
export * from './order-status/events.js';
export { LIANLIAN_GATEWAY_ORIGINS } from './shared/gateway.js';
export type { SignedForm } from './shared/form.js';
export { en, enStatus } from './messages/en.js';
export { zhCN, zhCNStatus } from './messages/zh-CN.js';
export { ERROR_MESSAGE_CODES } from './messages/types.js';
export type { CheckoutMessages, ErrorMessageKey, ErrorMessages, KnownErrorCode, Locale, OrderStatus, StatusMessages } from './messages/types.js';
export * from './deprecated.js';
