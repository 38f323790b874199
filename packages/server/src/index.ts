/**
 * @lianlian-checkout/server: the signing server as a library. A Node shop can run `startServer`,
 * build the whole app with `createApp`, or mount the routers in its own Express app (then add
 * `errorHandler` last so errors stay problem+json).
 */
export { createApp } from './app.js';
export type { AppDeps } from './deps.js';
export { startServer, type RunningServer } from './main.js';
export { loadConfig, type Env, type LoadConfigOptions } from './config/load.js';
export type { Config, CustomerLimits, Mode, ProductConfig } from './config/types.js';
export { LIANLIAN_PUBLISHED_PUBLIC_KEY } from './config/keys.js';
export { keygen, type KeygenOptions, type KeygenResult } from './cli/keygen.js';
export { runDoctor } from './cli/doctor.js';
export { formatDoctor, type Check, type DoctorReport } from './cli/doctor-report.js';
export { formatProblems } from './config/format.js';
export { openLedger, type OpenLedgerOptions } from './ledger/index.js';
export type { Ledger, Order, OrderEvent, OrderLedger, OrderStatus } from './ledger/types.js';
export { createLogger, flushLogSync, type Logger, type LoggerOptions } from './logging.js';
export { ordersRouter } from './http/orders.js';
export { checkoutRouter, requireAllowedOrigin } from './http/checkout.js';
export { lianlianRouter } from './http/lianlian.js';
export { refundsRouter } from './http/refunds.js';
export { widgetRouter } from './http/widget.js';
export { healthRouter } from './http/health.js';
export { requireShopKey } from './http/auth.js';
export { requestContext } from './http/context.js';
export { errorHandler, notFound, PROBLEM_TYPE_BASE } from './http/problem.js';
export { startWorkers } from './payments/workers.js';
export type { PaymentsDeps } from './payments/deps.js';
export type { CheckoutForm } from './payments/checkout.js';
export * from './errors.js';
export {
  verifyWebhookSignature,
  signWebhookPayload,
  WEBHOOK_SIGNATURE_HEADER,
  type ShopWebhookEvent,
  type VerifyWebhookOptions,
} from './webhook-verify.js';
export { nextStatus, type StatusEvent } from './ledger/state.js';
