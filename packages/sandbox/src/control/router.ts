import express, { type Request, type Router } from 'express';
import type { SandboxContext } from '../context.js';
import { exportPublicKey } from '../crypto/keys.js';
import { NotFoundError, SandboxError } from '../errors.js';
import { parseFault, type Fault } from '../faults.js';
import { describeMerchant, parseMerchant, type Merchant } from '../merchants.js';
import { describeSettings, parseSettingsChange } from '../settings.js';
import { addEvent, notifyPayment } from '../payments.js';
import { RESULT_PAY, type Order, type ResultPay } from '../store.js';
import { sendPage } from '../pages/layout.js';
import { dashboardPage } from './dashboard.js';
import { describeOrder } from './views.js';

export interface ControlHooks {
  /** Restores the merchants given at start-up (reset with `{"merchants": true}`). */
  readonly restoreMerchants: () => void;
  /** Restores the settings given at start-up (every reset). */
  readonly restoreSettings: () => void;
  /** Adds or replaces a merchant, written through to the data file. */
  readonly saveMerchant: (m: Merchant) => void;
}

function oneOrder(ctx: SandboxContext, req: Request<{ no_order: string }>): Order {
  const oid = typeof req.query.oid_partner === 'string' ? req.query.oid_partner : undefined;
  const found = ctx.store.findOrders(req.params.no_order, oid);
  const order = found.at(-1);
  if (!order) throw new NotFoundError('order_not_found', `No order ${req.params.no_order} in the sandbox; GET /__sandbox/orders lists them.`);
  return order;
}

function orderRoutes(ctx: SandboxContext, router: Router): void {
  const view = (o: Order): Record<string, unknown> => describeOrder(o, ctx.store.refunds.values(), ctx.now());
  router.get('/orders', (_req, res) => { res.json([...ctx.store.orders.values()].map(view)); });
  router.get('/orders/:no_order', (req, res) => { res.json(view(oneOrder(ctx, req))); });
  router.post('/orders/:no_order/notify', (req, res) => {
    const order = oneOrder(ctx, req);
    if (order.resultPay !== 'SUCCESS' && order.resultPay !== 'REFUND') {
      throw new SandboxError('order_not_paid', `Order ${order.noOrder} is ${order.resultPay}; LianLian only notifies paid orders. Pay it first or set result_pay to SUCCESS.`, { status: 409 });
    }
    order.heldNotification = false;
    addEvent(ctx, order, 'renotify', 'control API');
    notifyPayment(ctx, order);
    res.status(202).json({ scheduled: true, no_order: order.noOrder });
  });
  router.post('/orders/:no_order/result', (req, res) => {
    const order = oneOrder(ctx, req);
    const value = (req.body as Record<string, unknown> | undefined)?.result_pay;
    if (!(RESULT_PAY as readonly unknown[]).includes(value)) {
      throw new SandboxError('result_pay_invalid', `result_pay must be one of ${RESULT_PAY.join(', ')}.`);
    }
    order.resultPay = value as ResultPay;
    addEvent(ctx, order, 'result_set', order.resultPay);
    res.json(view(order));
  });
  // LianLian reports codes outside its own lists (§9: "O" from the Express Pay cashier); this lets a
  // test send any of them in the next notification and query answer.
  router.post('/orders/:no_order/pay_type', (req, res) => {
    const order = oneOrder(ctx, req);
    const value = (req.body as Record<string, unknown> | undefined)?.pay_type;
    if (typeof value !== 'string' || !/^[0-9A-Z]$/.test(value)) {
      throw new SandboxError('pay_type_invalid', 'pay_type must be one LianLian code: a digit or capital letter, such as "2", "D" or "O".');
    }
    order.payType = value;
    addEvent(ctx, order, 'pay_type_set', value);
    res.json(view(order));
  });
}

function faultRoutes(ctx: SandboxContext, router: Router): void {
  router.get('/faults', (_req, res) => { res.json(ctx.faults); });
  router.post('/faults', (req, res) => {
    const fault = parseFault(req.body, ctx.store.nextSeq(), ctx.now());
    ctx.faults = [...ctx.faults, fault];
    res.status(201).json(fault);
  });
  router.delete('/faults', (req, res) => {
    // Deletes the faults matching every filter given (?id=, ?kind=, ?no_order=); no filter: all.
    const q = req.query;
    const matches = (f: Fault): boolean =>
      (q.id === undefined || String(f.id) === q.id) && (q.kind === undefined || f.kind === q.kind) && (q.no_order === undefined || f.no_order === q.no_order);
    ctx.faults = ctx.faults.filter((f) => !matches(f));
    res.json(ctx.faults);
  });
}

/** `/__sandbox/…`: the test and dashboard API. JSON in, JSON out. */
export function controlRouter(ctx: SandboxContext, hooks: ControlHooks): Router {
  const router = express.Router();
  router.use(express.json({ limit: '256kb' }));
  router.get('/', (_req, res) => { sendPage(res, dashboardPage(ctx)); });
  router.get('/public-key', (_req, res) => { res.json(exportPublicKey(ctx.lianlianKey)); });
  // The same key as a PEM file, for `curl -o lianlian-public.pem` into LIANLIAN_PUBLIC_KEY_FILE.
  router.get('/public-key.pem', (_req, res) => { res.type('application/x-pem-file').send(exportPublicKey(ctx.lianlianKey).pem); });
  router.get('/merchants', (_req, res) => { res.json([...ctx.merchants.values()].map(describeMerchant)); });
  router.post('/merchants', (req, res) => {
    const list: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    const parsed = list.map(parseMerchant);
    for (const m of parsed) hooks.saveMerchant(m);
    res.status(201).json(parsed.map(describeMerchant));
  });
  router.get('/settings', (_req, res) => { res.json(describeSettings(ctx.settings)); });
  router.post('/settings', (req, res) => {
    Object.assign(ctx.settings, parseSettingsChange(req.body));
    res.json(describeSettings(ctx.settings));
  });
  router.get('/requests', (_req, res) => { res.json(ctx.store.requests); });
  router.get('/notifications', (req, res) => {
    const no = req.query.no_order;
    res.json(typeof no === 'string' ? ctx.store.notifications.filter((n) => n.no_order === no) : ctx.store.notifications);
  });
  orderRoutes(ctx, router);
  faultRoutes(ctx, router);
  router.post('/reset', (req, res) => {
    ctx.notifier.cancelAll();
    ctx.store.reset();
    ctx.faults = [];
    hooks.restoreSettings();
    if ((req.body as Record<string, unknown> | undefined)?.merchants === true) hooks.restoreMerchants();
    res.json({ reset: true });
  });
  // Wipes the data file (SANDBOX_DATA_FILE) and memory: orders, refunds, logs, faults and the
  // merchants added since start-up; the start-up merchants and settings come back.
  router.delete('/data', (_req, res) => {
    ctx.notifier.cancelAll();
    ctx.store.db?.wipe();
    ctx.store.reset();
    ctx.faults = [];
    hooks.restoreSettings();
    hooks.restoreMerchants();
    res.json({ deleted: true, file: ctx.store.db?.file ?? null });
  });
  return router;
}
