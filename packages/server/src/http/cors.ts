import cors from 'cors';
import type { RequestHandler } from 'express';
import type { Config } from '../config/types.js';

/**
 * ALLOWED_ORIGINS, built once per router and used in both places that need it: the CORS answer
 * (`widgetCors`) and LianLian's request-source rule (`requireAllowedOrigin`).
 */
export function allowedOrigins(config: Pick<Config, 'allowedOrigins'>): ReadonlySet<string> {
  return new Set(config.allowedOrigins);
}

/**
 * CORS for the widget routes, with the `cors` package: an origin in ALLOWED_ORIGINS is echoed in
 * `Access-Control-Allow-Origin`; any other origin gets no CORS header, so the browser keeps the
 * answer from its page. `Vary: Origin` is on every answer (caches keep answers per origin).
 * Preflights (`OPTIONS`) are answered here with 204, before the rate limit counts anything.
 */
export function widgetCors(origins: ReadonlySet<string>): RequestHandler {
  return cors({ origin: [...origins], methods: ['GET', 'POST'], allowedHeaders: ['Content-Type'], maxAge: 600 });
}
