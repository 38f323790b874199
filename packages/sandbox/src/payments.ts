import { paymentFields, refundFields } from './callbacks/fields.js';
import { formatFen, javaDoubleString } from './lianlian/money.js';
import { signAsLianLian, type SandboxContext } from './context.js';
import { findFault, faultsFor } from './faults.js';
import { beijingDay } from './lianlian/time.js';
import { Store, type Order, type Refund } from './store.js';
import type { NotifyData, NotifyJob } from './callbacks/job.js';

/** Records what happened to an order; every change to an order ends with one, so this also writes the order through. */
export function addEvent(ctx: Pick<SandboxContext, 'now' | 'store'>, order: Order, type: string, detail?: string): void {
  order.events.push({ at: ctx.now().toISOString(), type, ...(detail === undefined ? {} : { detail }) });
  ctx.store.saveOrder(order);
}

/** Sends (with LianLian's retries) the payment notification for a paid order. */
export function notifyPayment(ctx: SandboxContext, order: Order): void {
  const format = ctx.settings.amountFormat;
  ctx.notifier.start(signedAs(ctx, {
    kind: 'payment', oidPartner: order.oidPartner, noOrder: order.noOrder, url: order.fields.notify_url,
    fields: paymentFields(format, order),
    tamperedAmount: (format === 'java' ? javaDoubleString : formatFen)(order.amountFen + 100),
    faults: faultsFor(ctx.faults, order.noOrder),
  }));
}

/** `afterFirstAttempt` releases a payment notification held by `refund_out_of_order`. */
export function notifyRefund(ctx: SandboxContext, refund: Refund, afterFirstAttempt?: () => void): void {
  ctx.notifier.start(signedAs(ctx, {
    kind: 'refund', oidPartner: refund.oidPartner, noOrder: refund.noOrder, noRefund: refund.noRefund, url: refund.notifyUrl,
    fields: refundFields(ctx.settings.amountFormat, refund),
    faults: faultsFor(ctx.faults, refund.noOrder).filter((f) => f.kind !== 'refund_out_of_order'),
  }, afterFirstAttempt));
}

/** Sends the payment notification `refund_out_of_order` held back, now that a refund's went first. */
export function releaseHeldPayment(ctx: SandboxContext, order: Order): void {
  if (!order.heldNotification) return;
  order.heldNotification = false;
  ctx.store.saveOrder(order);
  notifyPayment(ctx, order);
}

/**
 * Goes on with the notification schedules the last run left unfinished (SANDBOX_DATA_FILE), each
 * from its next attempt: at the time it was due, or at once when that has passed.
 */
export function resumeNotifications(ctx: SandboxContext): void {
  const pending = ctx.store.pendingNotifications();
  if (pending.length > 0) ctx.logger.info({ schedules: pending.length, file: ctx.store.db?.file }, 'resuming the notification resends the last run left unfinished');
  for (const { schedule, attempt, dueAt, ...data } of pending) {
    const order = ctx.store.orders.get(Store.orderKey(data.oidPartner, data.noOrder));
    const release = data.kind === 'refund' && order ? () => releaseHeldPayment(ctx, order) : undefined;
    ctx.notifier.resume(signedAs(ctx, data, release), { schedule, attempt, dueAt });
  }
}

/** The job for `data`, signed as LianLian signs for its merchant on every delivery. */
function signedAs(ctx: SandboxContext, data: NotifyData, afterFirstAttempt?: () => void): NotifyJob {
  return { ...data, sign: (fields) => signAsLianLian(ctx, data.oidPartner, fields), ...(afterFirstAttempt ? { afterFirstAttempt } : {}) };
}

/** What the buyer paid with: an online bank, or a card and the `pay_type` LianLian reports for it. */
export type PaymentChoice =
  | { readonly kind: 'bank'; readonly bankCode: string }
  | { readonly kind: 'card'; readonly cardMasked: string; readonly payType: string };

/**
 * The buyer paid: the order becomes SUCCESS and LianLian notifies. With `refund_out_of_order`
 * the notification is held until a refund's notification has gone out first.
 */
export function completePayment(ctx: SandboxContext, order: Order, choice: PaymentChoice): void {
  const now = ctx.now();
  order.resultPay = 'SUCCESS';
  order.paidAt = now;
  order.settleDate = beijingDay(now);
  if (choice.kind === 'bank') {
    order.bankCode = choice.bankCode;
  } else {
    order.bankCode = undefined;
    order.cardMasked = choice.cardMasked;
    order.payType = choice.payType;
    order.noAgree = `${order.settleDate}${String(ctx.store.nextSeq()).padStart(10, '0')}`;
  }
  addEvent(ctx, order, 'paid', order.bankCode ?? order.cardMasked);
  if (findFault(faultsFor(ctx.faults, order.noOrder), 'refund_out_of_order')) {
    order.heldNotification = true;
    addEvent(ctx, order, 'notification_held', 'refund_out_of_order: sent after the first refund notification');
    return;
  }
  notifyPayment(ctx, order);
}
