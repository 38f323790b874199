import express, { type Express } from 'express';
import helmet from 'helmet';
import { fileURLToPath } from 'node:url';
import { serverApiRouter } from './api/router.js';
import { Notifier } from './callbacks/notifier.js';
import type { Scheduler } from './callbacks/scheduler.js';
import type { SandboxContext } from './context.js';
import { controlRouter } from './control/router.js';
import { exportPublicKey, parsePrivateKey } from './crypto/keys.js';
import { SandboxConfigError } from './errors.js';
import { cashierRouter } from './gateway/cashier.js';
import { gatewayRouter } from './gateway/router.js';
import { problemHandler } from './http/problem.js';
import { silentLogger, type SandboxLogger } from './logger.js';
import { parseMerchant, type Merchant, type MerchantInput } from './merchants.js';
import { STATIC_PREFIX } from './pages/layout.js';
import { DEFAULT_SETTINGS, isAmountFormat, type SandboxSettings } from './settings.js';
import { SandboxDb } from './persist.js';
import { Store } from './store.js';
import { resumeNotifications } from './payments.js';
import type { AmountFormat } from './lianlian/money.js';

export interface SandboxOptions {
  /** LianLian's side of the key pair: the sandbox signs returns, notifications and answers with it. */
  privateKeyPem: string;
  merchants?: MerchantInput[];
  /** 1 = real time; 0.01 makes LianLian's 2-minute retry interval 1.2 s. */
  timeScale?: number;
  /** The sandbox's public base URL, shown on the dashboard. */
  publicUrl?: string;
  now?: () => Date;
  logger?: SandboxLogger;
  /** Runs notification retries and answer timeouts (default: real timers); tests pass their own. */
  scheduler?: Scheduler;
  /**
   * How amounts are written in what the sandbox sends: `java` (default) as LianLian's back end does
   * (`0.1`, `1000.0`), `echo` the merchant's own string. The control API can switch it.
   */
  amountFormat?: AmountFormat;
  /**
   * A SQLite file that keeps merchants, orders, refunds and unfinished notification schedules across
   * restarts (`SANDBOX_DATA_FILE`); created when missing. Default: memory only.
   */
  dataFile?: string;
}

export interface Sandbox {
  /** The Express app; it never listens. Mount it or call `app.listen`. */
  readonly app: Express;
  /** Stops retry timers, aborts notifications in flight and closes the data file. */
  close(): Promise<void>;
  readonly publicKey: { readonly pem: string; readonly base64: string };
  /** Adds or replaces a merchant, as `POST /__sandbox/merchants` does. */
  addMerchant(input: MerchantInput): void;
}

const STATIC_DIR = fileURLToPath(new URL('../static/', import.meta.url));

function buildContext(options: SandboxOptions, merchants: Map<string, Merchant>, db: SandboxDb | undefined): SandboxContext {
  const timeScale = options.timeScale ?? 1;
  if (!Number.isFinite(timeScale) || timeScale <= 0) {
    throw new SandboxConfigError('time_scale_invalid', `timeScale must be a positive number (1 = real time), got ${timeScale}.`);
  }
  const amountFormat = options.amountFormat ?? DEFAULT_SETTINGS.amountFormat;
  if (!isAmountFormat(amountFormat)) {
    throw new SandboxConfigError('amount_format_invalid', `amountFormat must be "java" or "echo", got ${JSON.stringify(amountFormat)}.`);
  }
  const store = new Store(db);
  const now = options.now ?? ((): Date => new Date());
  const logger = options.logger ?? silentLogger;
  return {
    store, merchants, faults: [], now, timeScale, logger, publicUrl: options.publicUrl,
    lianlianKey: parsePrivateKey(options.privateKeyPem, 'The sandbox (LianLian) private key'),
    notifier: new Notifier({ store, now, timeScale, logger, ...(options.scheduler ? { scheduler: options.scheduler } : {}) }),
    settings: { amountFormat },
  };
}

/** Builds the LianLian stand-in: gateways, hosted cashier, server APIs, notifications, control API. */
export function createSandbox(options: SandboxOptions): Sandbox {
  const initial = (options.merchants ?? []).map(parseMerchant);
  const db = options.dataFile === undefined ? undefined : SandboxDb.open(options.dataFile);
  let ctx: SandboxContext;
  let merchants: Map<string, Merchant>;
  try {
    // Stored merchants first; the start-up ones (options, SANDBOX_MERCHANTS_FILE) win over them.
    merchants = new Map([...(db?.loadMerchants() ?? []).map(parseMerchant), ...initial].map((m) => [m.oidPartner, m]));
    for (const m of initial) db?.saveMerchant(m);
    ctx = buildContext(options, merchants, db);
  } catch (error) {
    db?.close();
    throw error;
  }
  const saveMerchant = (m: Merchant): void => {
    merchants.set(m.oidPartner, m);
    db?.saveMerchant(m);
  };
  const app = express();
  app.disable('x-powered-by');
  // Pages set their own strict CSP (sendPage); helmet supplies the other headers.
  app.use(helmet({ contentSecurityPolicy: false }));
  // Browsers ask for it on every page; a 404 would be a console error in every e2e run.
  app.get('/favicon.ico', (_req, res) => { res.status(204).end(); });
  app.use(STATIC_PREFIX, express.static(STATIC_DIR, { fallthrough: false, maxAge: '1h' }));
  app.use(gatewayRouter(ctx));
  app.use(cashierRouter(ctx));
  app.use(serverApiRouter(ctx));
  const startSettings: Readonly<SandboxSettings> = { ...ctx.settings };
  app.use('/__sandbox', controlRouter(ctx, {
    restoreMerchants: () => {
      merchants.clear();
      for (const m of initial) merchants.set(m.oidPartner, m);
      db?.replaceMerchants(initial);
    },
    restoreSettings: () => Object.assign(ctx.settings, startSettings),
    saveMerchant,
  }));
  app.use(problemHandler(ctx.logger));
  resumeNotifications(ctx);
  return {
    app,
    close: () => {
      ctx.notifier.close();
      db?.close();
      return Promise.resolve();
    },
    publicKey: exportPublicKey(ctx.lianlianKey),
    addMerchant: (input) => saveMerchant(parseMerchant(input)),
  };
}
