import { paymentFields, refundFields } from './callbacks/fields.js';
import { formatFen, javaDoubleString } from './lianlian/money.js';
import { signAsLianLian, type SandboxContext } from './context.js';
import { findFault, faultsFor } from './faults.js';
import { beijingDay } from './lianlian/time.js';
import type { Order, Refund } from './store.js';

/** Records what happened to an order; every change to an order ends with one, so this also writes the order through. */
export function addEvent(ctx: Pick<SandboxContext, 'now' | 'store'>, order: Order, type: string, detail?: string): void {
  order.events.push({ at: ctx.now().toISOString(), type, ...(detail === undefined ? {} : { detail }) });
  ctx.store.saveOrder(order);
}

/** Sends (with LianLian's retries) the payment notification for a paid order. */
export function notifyPayment(ctx: SandboxContext, order: Order): void {
  const format = ctx.settings.amountFormat;
  ctx.notifier.start({
    kind: 'payment', noOrder: order.noOrder, url: order.fields.notify_url,
    fields: paymentFields(format, order),
    tamperedAmount: (format === 'java' ? javaDoubleString : formatFen)(order.amountFen + 100),
    sign: (fields) => signAsLianLian(ctx, order.oidPartner, fields),
    faults: faultsFor(ctx.faults, order.noOrder),
  });
}

/** `afterFirstAttempt` releases a payment notification held by `refund_out_of_order`. */
export function notifyRefund(ctx: SandboxContext, refund: Refund, afterFirstAttempt?: () => void): void {
  ctx.notifier.start({
    kind: 'refund', noOrder: refund.noOrder, noRefund: refund.noRefund, url: refund.notifyUrl,
    fields: refundFields(ctx.settings.amountFormat, refund),
    sign: (fields) => signAsLianLian(ctx, refund.oidPartner, fields),
    faults: faultsFor(ctx.faults, refund.noOrder).filter((f) => f.kind !== 'refund_out_of_order'),
    ...(afterFirstAttempt ? { afterFirstAttempt } : {}),
  });
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
