import express, { type Express } from 'express';
import helmet from 'helmet';
import type { AppDeps } from './deps.js';
import { checkoutRouter } from './http/checkout.js';
import { requestContext } from './http/context.js';
import { healthRouter } from './http/health.js';
import { lianlianRouter } from './http/lianlian.js';
import { ordersRouter } from './http/orders.js';
import { errorHandler, notFound } from './http/problem.js';
import { refundsRouter } from './http/refunds.js';
import { widgetRouter } from './http/widget.js';

/**
 * The signing server as a value: every route, one error handler, never listening. Each router
 * brings its own body parser; only the widget-facing router has CORS.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Explicit: it decides which address becomes the buyer's userreq_ip (TRUST_PROXY).
  app.set('trust proxy', deps.config.trustProxy);
  app.use(requestContext(deps.logger));
  // The server renders no HTML; helmet's defaults (strict CSP included) fit every response.
  app.use(helmet());
  // The widget's signing route first: it is the busiest, and no two routers share a path.
  app.use(checkoutRouter(deps));
  app.use(healthRouter(deps));
  app.use(widgetRouter(deps));
  app.use(ordersRouter(deps));
  app.use(refundsRouter(deps));
  // LianLian's callbacks: raw bytes (its own parser), no CORS.
  app.use(lianlianRouter(deps));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
