import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { Ledger } from '../ledger/types.js';

/** What the callback, refund and worker code needs; built once by the entry point (or a test). */
export interface PaymentsDeps {
  config: Config;
  ledger: Ledger;
  logger: Logger;
  now: () => Date;
  fetch: typeof fetch;
}
