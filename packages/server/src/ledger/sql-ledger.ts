import * as callbacks from './callbacks.js';
import { checkDataKeys, resealPersonalData } from './data-keys.js';
import * as history from './history.js';
import type { Driver } from './driver.js';
import * as orders from './orders.js';
import * as outbox from './outbox.js';
import * as refunds from './refunds.js';
import { migrate } from './schema.js';
import { insertEvent, selectOrder, type Ctx } from './tx.js';
import type { Ledger } from './types.js';
import type { Vault } from './vault.js';

/** The one ledger implementation, over either driver. */
export function sqlLedger(driver: Driver, now: () => Date, vault: Vault): Ledger {
  const ctx: Ctx = { driver, now, vault };
  return {
    kind: driver.kind,
    // The schema first, then the data keys against those that sealed the stored data.
    migrate: async () => {
      await migrate(driver);
      await checkDataKeys(ctx);
    },
    ping: async () => {
      await driver.all('SELECT 1 AS ok');
    },
    close: () => driver.close(),
    createOrder: (input) => orders.createOrder(ctx, input),
    getOrder: (noOrder) => selectOrder(driver, ctx, noOrder),
    getOrderByTokenHash: (hash) => orders.getOrderByTokenHash(ctx, hash),
    listEvents: (noOrder) => orders.listEvents(ctx, noOrder),
    listEventPage: (noOrder, page) => history.listEventPage(ctx, noOrder, page),
    appendEvent: (noOrder, type, data) => driver.tx((q) => Promise.resolve(insertEvent(q, ctx, noOrder, { type, data }))),
    markCheckoutSigned: (noOrder, data, limits) => orders.markCheckoutSigned(ctx, noOrder, data, limits),
    expireOrder: (noOrder, at) => orders.expireOrder(ctx, noOrder, at),
    sumCustomerAmount: (query) => orders.sumCustomerAmount(driver, query),
    recordPaymentCallback: (record) => callbacks.recordPaymentCallback(ctx, record),
    listCallbacks: (noOrder) => callbacks.listCallbacks(ctx, noOrder),
    listDuplicatePayments: (noOrder) => callbacks.listDuplicatePayments(ctx, noOrder),
    applyStatusEvent: (noOrder, event, history) => callbacks.applyStatusEvent(ctx, noOrder, event, history),
    recordReturnHint: (noOrder, data) => callbacks.recordReturnHint(ctx, noOrder, data),
    countCallback: (noOrder, event) => history.countCallback(ctx, noOrder, event),
    listCallbackTallies: (noOrder) => history.listCallbackTallies(ctx, noOrder),
    listOrdersToReconcile: (query) => callbacks.listOrdersToReconcile(ctx, query),
    markQueried: (noOrder, notQueriedSince) => callbacks.markQueried(ctx, noOrder, notQueriedSince),
    claimOutbox: (claim) => outbox.claimOutbox(ctx, claim),
    completeOutbox: (id, owner) => outbox.completeOutbox(ctx, id, owner),
    retryOutbox: (id, owner, retry) => outbox.retryOutbox(ctx, id, owner, retry),
    listOutbox: (noOrder) => outbox.listOutbox(ctx, noOrder),
    createRefund: (input) => refunds.createRefund(ctx, input),
    updateRefund: (update) => refunds.updateRefund(ctx, update),
    getRefund: (noRefund) => refunds.getRefund(ctx, noRefund),
    listRefunds: (noOrder) => refunds.listRefunds(ctx, noOrder),
    listOpenRefunds: (before, limit) => refunds.listOpenRefunds(ctx, before, limit),
    claimOpenRefunds: (claim) => refunds.claimOpenRefunds(ctx, claim),
    recordRefundCallback: (input) => refunds.recordRefundCallback(ctx, input),
    resealPersonalData: (options) => resealPersonalData(ctx, options),
  };
}
