import { expect, it } from 'vitest';
import { T0, withLedger as run, type ContractHarness } from './orders.js';
import { newOrder } from '../ledger.js';
import type { CallbackRecord, Ledger } from '../../../src/ledger/types.js';

/**
 * Contract, part three (issue 13): every state LianLian reports is applied. Notifications are
 * deduplicated on no_order + oid_paybill + result_pay, so a later state of the same payment is a
 * new fact; a second payment of a paid order is recorded and sent to the shop.
 */

const EVENTS = { SUCCESS: 'payment_succeeded', FAILURE: 'payment_failed', REFUND: 'fully_refunded', WAITING: undefined, PROCESSING: undefined } as const;

function notice(noOrder: string, oidPaybill: string, resultPay: keyof typeof EVENTS): CallbackRecord {
  return { noOrder, oidPaybill, resultPay, fields: { result_pay: resultPay, oid_paybill: oidPaybill }, event: EVENTS[resultPay], eventType: 'notify_verified' };
}


async function pending(l: Ledger, amountFen = 4995): Promise<string> {
  const o = newOrder({ amountFen });
  await l.createOrder({ order: o });
  await l.markCheckoutSigned(o.noOrder, {});
  return o.noOrder;
}

const outbox = async (l: Ledger, no: string): Promise<string[]> => (await l.listOutbox(no)).map((m) => m.type);
const history = async (l: Ledger, no: string): Promise<unknown[]> =>
  (await l.listEvents(no)).filter((e) => e.type !== 'created' && e.type !== 'checkout_signed').map((e) => [e.type, e.data.result_pay ?? e.data.oid_paybill, e.data.to ?? null]);

export function stateContract(h: ContractHarness): void {
  it('records WAITING and PROCESSING without moving the order, then FAILURE, then SUCCESS of the same bill ends paid', () =>
    run(h, async (l) => {
      const no = await pending(l);
      for (const r of ['WAITING', 'PROCESSING', 'FAILURE', 'SUCCESS'] as const) {
        expect((await l.recordPaymentCallback(notice(no, 'B1', r))).kind, r).toBe('applied');
      }
      expect((await l.recordPaymentCallback(notice(no, 'B1', 'FAILURE'))).kind).toBe('duplicate');
      expect(await l.getOrder(no)).toMatchObject({ status: 'paid', oidPaybill: 'B1' });
      expect(await outbox(l, no)).toEqual(['order.pending', 'order.failed', 'order.paid']);
      expect(await history(l, no)).toEqual([
        ['notify_verified', 'WAITING', null], ['notify_verified', 'PROCESSING', null],
        ['notify_verified', 'FAILURE', 'failed'], ['notify_verified', 'SUCCESS', 'paid'],
      ]);
    }));

  it('takes the paying bill as oid_paybill when a failed first attempt named another', () =>
    run(h, async (l) => {
      const no = await pending(l);
      await l.recordPaymentCallback(notice(no, 'FIRST', 'FAILURE'));
      expect(await l.getOrder(no)).toMatchObject({ status: 'failed', oidPaybill: 'FIRST' });
      expect((await l.recordPaymentCallback(notice(no, 'SECOND', 'SUCCESS'))).kind).toBe('applied');
      expect(await l.getOrder(no)).toMatchObject({ status: 'paid', oidPaybill: 'SECOND' });
      expect(await l.listDuplicatePayments(no)).toEqual([]);
    }));

  it('SUCCESS then REFUND ends refunded, with order.refunded and the refund in the history', () =>
    run(h, async (l) => {
      const no = await pending(l);
      await l.recordPaymentCallback(notice(no, 'B1', 'SUCCESS'));
      expect(await l.recordPaymentCallback(notice(no, 'B1', 'REFUND'))).toMatchObject({ kind: 'applied', changed: true, order: { status: 'refunded' } });
      expect((await l.getOrder(no))?.status).toBe('refunded');
      expect(await outbox(l, no)).toEqual(['order.pending', 'order.paid', 'order.refunded']);
      expect((await history(l, no)).at(-1)).toEqual(['notify_verified', 'REFUND', 'refunded']);
      // A late copy of the SUCCESS is the same fact as before: nothing moves back.
      expect((await l.recordPaymentCallback(notice(no, 'B1', 'SUCCESS'))).kind).toBe('duplicate');
    }));

  it('records a SUCCESS with a new oid_paybill on a paid order as a duplicate payment, once, with a webhook to refund it', () =>
    run(h, async (l, clock) => {
      const no = await pending(l, 1000);
      await l.recordPaymentCallback(notice(no, 'B1', 'SUCCESS'));
      clock.at = new Date(T0.getTime() + 60_000);
      const copies = await Promise.all([1, 2, 3].map(() => l.recordPaymentCallback(notice(no, 'B2', 'SUCCESS'))));
      expect(copies.map((c) => c.kind).sort()).toEqual(['duplicate', 'duplicate', 'duplicate_payment']);
      expect(await l.getOrder(no)).toMatchObject({ status: 'paid', oidPaybill: 'B1' });
      expect(await l.listDuplicatePayments(no)).toEqual([{ noOrder: no, oidPaybill: 'B2', amountFen: 1000, detectedAt: clock.at }]);
      expect((await l.listEvents(no)).filter((e) => e.type === 'duplicate_payment').map((e) => e.data)).toEqual([{ oid_paybill: 'B2', paid_by: 'B1', amount_fen: 1000 }]);
      const messages = await l.listOutbox(no);
      expect(messages.map((m) => m.type)).toEqual(['order.pending', 'order.paid', 'order.duplicate_payment']);
      const body = JSON.parse(messages.at(-1)?.body ?? '{}') as { type: string; data: { order: Record<string, unknown>; payment: unknown } };
      expect(body.data.payment).toEqual({ oid_paybill: 'B2', amount: '10.00' });
      expect(body.data.order).toMatchObject({ no_order: no, status: 'paid', oid_paybill: 'B1', amount: '10.00' });
      // The shop refunds the second payment: LianLian's REFUND for B2 must not refund the order.
      expect(await l.recordPaymentCallback(notice(no, 'B2', 'REFUND'))).toMatchObject({ kind: 'applied', changed: false });
      expect(await l.applyStatusEvent(no, 'fully_refunded', { type: 'query_result', data: { result_pay: 'REFUND', oid_paybill: 'B2' } })).toMatchObject({ status: 'paid', oidPaybill: 'B1' });
      expect(await outbox(l, no)).toEqual(['order.pending', 'order.paid', 'order.duplicate_payment']);
    }));

  it('records a duplicate payment on a refunded order too', () =>
    run(h, async (l) => {
      const no = await pending(l);
      await l.recordPaymentCallback(notice(no, 'B1', 'SUCCESS'));
      await l.recordPaymentCallback(notice(no, 'B1', 'REFUND'));
      expect((await l.recordPaymentCallback(notice(no, 'B3', 'SUCCESS'))).kind).toBe('duplicate_payment');
      expect((await l.getOrder(no))?.status).toBe('refunded');
      expect((await l.listDuplicatePayments(no)).map((d) => d.oidPaybill)).toEqual(['B3']);
    }));

  it('lists failed orders for reconciliation while LianLian keeps them open, and pending ones as before', () =>
    run(h, async (l, clock) => {
      const failed = await pending(l);
      await l.recordPaymentCallback(notice(failed, 'F1', 'FAILURE'));
      const query = { now: clock.at, hintBefore: new Date(0), createdBefore: new Date(0), notQueriedSince: clock.at, limit: 10 };
      expect((await l.listOrdersToReconcile(query)).map((o) => o.noOrder)).toEqual([failed]);
      expect(await l.markQueried(failed, clock.at)).toBe(true);
      clock.at = new Date(T0.getTime() + 60_000);
      expect(await l.listOrdersToReconcile({ ...query, notQueriedSince: new Date(T0.getTime() - 1) })).toEqual([]);
      expect((await l.listOrdersToReconcile({ ...query, now: clock.at, notQueriedSince: clock.at })).map((o) => o.noOrder)).toEqual([failed]);
      // valid_order (30 min in the fixture) has passed: LianLian has closed the order.
      const closed = new Date(T0.getTime() + 30 * 60_000);
      expect(await l.listOrdersToReconcile({ ...query, now: closed, notQueriedSince: closed })).toEqual([]);
    }));

  it('counts a customer\'s orders by the instant their form was last signed, not their creation', () =>
    run(h, async (l, clock) => {
      const o = newOrder({ amountFen: 1000 });
      await l.createOrder({ order: o });
      const since = new Date(T0.getTime() + 60_000);
      expect(await l.sumCustomerAmount({ userId: o.userId, product: 'web', since: T0 })).toBe(0);
      clock.at = new Date(T0.getTime() + 120_000);
      expect((await l.markCheckoutSigned(o.noOrder, {}))?.signedAt).toEqual(clock.at);
      expect(await l.sumCustomerAmount({ userId: o.userId, product: 'web', since })).toBe(1000);
      expect(await l.sumCustomerAmount({ userId: o.userId, product: 'web', since: new Date(clock.at.getTime() + 1) })).toBe(0);
      // A re-signing moves the instant; paying keeps it.
      clock.at = new Date(T0.getTime() + 180_000);
      await l.markCheckoutSigned(o.noOrder, {});
      await l.recordPaymentCallback(notice(o.noOrder, 'B1', 'SUCCESS'));
      expect(await l.getOrder(o.noOrder)).toMatchObject({ status: 'paid', signedAt: new Date(T0.getTime() + 180_000) });
      // An order paid with no signing on record (a relaxed commit lost) counts from its payment.
      const unsigned = newOrder({ amountFen: 500 });
      await l.createOrder({ order: unsigned });
      await l.recordPaymentCallback(notice(unsigned.noOrder, 'B9', 'SUCCESS'));
      expect((await l.getOrder(unsigned.noOrder))?.signedAt).toEqual(clock.at);
      expect(await l.sumCustomerAmount({ userId: o.userId, product: 'web', since: clock.at })).toBe(1500);
    }));
}
