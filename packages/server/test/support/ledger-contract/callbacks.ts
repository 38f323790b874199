import { expect, it } from 'vitest';
import { T0, withLedger as run, type ContractHarness } from './orders.js';
import { newOrder } from '../ledger.js';
import type { CallbackRecord, Ledger } from '../../../src/ledger/types.js';

/** Contract, part two: callbacks, reconciliation, outbox leases and refunds. */

async function paidOrder(l: Ledger, amountFen = 4995): Promise<string> {
  const o = newOrder({ amountFen });
  await l.createOrder({ order: o });
  await l.markCheckoutSigned(o.noOrder, {});
  const out = await l.recordPaymentCallback(success(o.noOrder, 'P1'));
  expect(out).toMatchObject({ kind: 'applied', changed: true });
  return o.noOrder;
}

function success(noOrder: string, oidPaybill: string): CallbackRecord {
  return { noOrder, oidPaybill, resultPay: 'SUCCESS', fields: { result_pay: 'SUCCESS' }, event: 'payment_succeeded', eventType: 'notify_verified' };
}


export function callbackContract(h: ContractHarness): void {
  it('records a payment notification exactly once, even when the copies race', () =>
    run(h, async (l) => {
      const o = newOrder();
      await l.createOrder({ order: o });
      await l.markCheckoutSigned(o.noOrder, {});
      const outcomes = await Promise.all(Array.from({ length: 12 }, () => l.recordPaymentCallback(success(o.noOrder, 'P9'))));
      expect(outcomes.filter((x) => x.kind === 'applied')).toHaveLength(1);
      expect(outcomes.filter((x) => x.kind === 'duplicate')).toHaveLength(11);
      const order = await l.getOrder(o.noOrder);
      expect(order).toMatchObject({ status: 'paid', oidPaybill: 'P9' });
      expect((await l.listOutbox(o.noOrder)).map((m) => m.type)).toEqual(['order.pending', 'order.paid']);
      expect((await l.listEvents(o.noOrder)).filter((e) => e.type === 'notify_verified')).toHaveLength(1);
    }));

  it('answers order_not_found for an unknown order and records nothing', () =>
    run(h, async (l) => {
      expect(await l.recordPaymentCallback(success('missing', 'P1'))).toEqual({ kind: 'order_not_found' });
      expect(await l.listOutbox()).toEqual([]);
    }));

  it('never moves paid back: a later FAILURE result is history only', () =>
    run(h, async (l) => {
      const no = await paidOrder(l);
      expect((await l.applyStatusEvent(no, 'payment_failed', { type: 'query_result', data: { result_pay: 'FAILURE' } }))?.status).toBe('paid');
      expect((await l.getOrder(no))?.status).toBe('paid');
      expect((await l.listOutbox(no)).map((m) => m.type)).toEqual(['order.pending', 'order.paid']);
    }));

  it('records a return hint without changing status and lists pending orders to reconcile', () =>
    run(h, async (l, clock) => {
      const hinted = newOrder();
      const quiet = newOrder();
      for (const o of [hinted, quiet]) {
        await l.createOrder({ order: o });
        await l.markCheckoutSigned(o.noOrder, {});
      }
      expect((await l.recordReturnHint(hinted.noOrder, { result_pay: 'SUCCESS' }))?.status).toBe('pending');
      clock.at = new Date(T0.getTime() + 60_000);
      const query = { now: clock.at, hintBefore: clock.at, createdBefore: T0, notQueriedSince: clock.at, limit: 10 };
      const due = await l.listOrdersToReconcile({ ...query, createdBefore: new Date(T0.getTime() - 1) });
      expect(due.map((o) => o.noOrder)).toEqual([hinted.noOrder]);
      expect(await l.markQueried(hinted.noOrder)).toBe(true);
      const later = await l.listOrdersToReconcile({ ...query, notQueriedSince: new Date(T0.getTime()) });
      expect(later.map((o) => o.noOrder)).toEqual([quiet.noOrder]);
      // A claim: of two reconcilers that listed the same order, exactly one records the query.
      const claims = await Promise.all([l.markQueried(quiet.noOrder, T0), l.markQueried(quiet.noOrder, T0)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await l.markQueried(quiet.noOrder, T0)).toBe(false);
      clock.at = new Date(clock.at.getTime() + 60_000);
      expect(await l.markQueried(quiet.noOrder, new Date(clock.at.getTime() - 1))).toBe(true);
    }));

  it('leases outbox messages to one owner at a time and redelivers after a failure', () =>
    run(h, async (l, clock) => {
      await paidOrder(l);
      const [a, b] = await Promise.all([
        l.claimOutbox({ owner: 'A', leaseMs: 30_000, limit: 10 }),
        l.claimOutbox({ owner: 'B', leaseMs: 30_000, limit: 10 }),
      ]);
      expect(a.length + b.length).toBe(2);
      expect(new Set([...a, ...b].map((m) => m.id)).size).toBe(2);
      const mine = [...a.map((m) => ({ m, owner: 'A' })), ...b.map((m) => ({ m, owner: 'B' }))];
      const [first, second] = mine;
      expect(await l.completeOutbox(first.m.id, 'intruder')).toBe(false);
      expect(await l.completeOutbox(first.m.id, first.owner)).toBe(true);
      expect(await l.retryOutbox(second.m.id, second.owner, { error: 'HTTP 500', nextAttemptAt: new Date(T0.getTime() + 5_000) })).toBe(true);
      expect(await l.claimOutbox({ owner: 'C', leaseMs: 30_000, limit: 10 })).toEqual([]);
      clock.at = new Date(T0.getTime() + 5_000);
      const again = await l.claimOutbox({ owner: 'C', leaseMs: 30_000, limit: 10 });
      expect(again.map((m) => ({ id: m.id, attempts: m.attempts, body: m.body }))).toEqual([{ id: second.m.id, attempts: 2, body: second.m.body }]);
    }));

  it('gives each due outbox message to one of several concurrent claimers, and an expired lease to the next', () =>
    run(h, async (l, clock) => {
      for (let i = 0; i < 5; i++) await paidOrder(l);
      const claims = await Promise.all(['A', 'B', 'C'].map((owner) => l.claimOutbox({ owner, leaseMs: 60_000, limit: 4 })));
      const ids = claims.flat().map((m) => m.id);
      expect(ids).toHaveLength(10);
      expect(new Set(ids).size).toBe(10);
      // Owner A "crashes" holding its claims: nobody else gets them while the lease runs.
      clock.at = new Date(T0.getTime() + 59_999);
      expect(await l.claimOutbox({ owner: 'D', leaseMs: 60_000, limit: 20 })).toEqual([]);
      clock.at = new Date(T0.getTime() + 60_000);
      const taken = await l.claimOutbox({ owner: 'D', leaseMs: 60_000, limit: 20 });
      expect(taken.map((m) => m.id).sort()).toEqual(ids.slice().sort());
      expect(taken.every((m) => m.attempts === 2)).toBe(true);
      // The crashed owner's late answer no longer counts; the new owner's does.
      const [first] = taken;
      expect(await l.completeOutbox(first.id, 'A')).toBe(false);
      expect(await l.completeOutbox(first.id, 'B')).toBe(false);
      expect(await l.completeOutbox(first.id, 'C')).toBe(false);
      expect(await l.completeOutbox(first.id, 'D')).toBe(true);
    }));

  it('claims each open refund check for one worker until its lease expires', () =>
    run(h, async (l, clock) => {
      const no = await paidOrder(l, 1000);
      for (const noRefund of ['R1', 'R2', 'R3']) await l.createRefund({ noOrder: no, noRefund, amountFen: 100, dtRefund: '20260301130000' });
      const claim = (owner: string) => l.claimOpenRefunds({ before: clock.at, owner, leaseMs: 60_000, limit: 10 });
      const claims = await Promise.all(['A', 'B', 'C'].map(claim));
      expect(claims.flat().map((r) => r.noRefund).sort()).toEqual(['R1', 'R2', 'R3']);
      clock.at = new Date(T0.getTime() + 30_000);
      expect(await claim('D')).toEqual([]);
      // A check that got its answer moves updated_at, so the refund is not due again until later.
      await l.updateRefund({ noRefund: 'R1', status: 'processing', eventType: 'refund_queried', data: {} });
      await l.updateRefund({ noRefund: 'R2', status: 'succeeded', eventType: 'refund_queried', data: {} });
      clock.at = new Date(T0.getTime() + 60_000);
      const taken = await l.claimOpenRefunds({ before: T0, owner: 'D', leaseMs: 60_000, limit: 10 });
      expect(taken.map((r) => r.noRefund)).toEqual(['R3']);
      expect(await l.claimOpenRefunds({ before: clock.at, owner: 'E', leaseMs: 60_000, limit: 10 })).toMatchObject([{ noRefund: 'R1' }]);
    }));

  it('checks cumulative refunds under concurrency and marks the order refunded when complete', () =>
    run(h, async (l) => {
      const no = await paidOrder(l, 1000);
      const tries = await Promise.all(
        [400, 400, 400].map((amountFen, i) => l.createRefund({ noOrder: no, noRefund: `R${i}`, amountFen, dtRefund: '20260301130000' })),
      );
      expect(tries.filter((r) => r.kind === 'created')).toHaveLength(2);
      expect(tries.find((r) => r.kind === 'exceeds')).toMatchObject({ refundableFen: 200 });
      const created = tries.flatMap((r) => (r.kind === 'created' ? [r.refund.noRefund] : []));
      await l.updateRefund({ noRefund: created[0], status: 'succeeded', oidRefundno: 'LR1', eventType: 'refund_applied', data: {} });
      expect(await l.getOrder(no)).toMatchObject({ status: 'paid', refundedFen: 400 });
      const rest = await l.createRefund({ noOrder: no, noRefund: 'R9', amountFen: 200, dtRefund: '20260301130000' });
      expect(rest.kind).toBe('created');
      for (const noRefund of [created[1], 'R9']) {
        await l.updateRefund({ noRefund, status: 'succeeded', eventType: 'refund_notified', data: {} });
      }
      await l.updateRefund({ noRefund: 'R9', status: 'processing', eventType: 'refund_queried', data: {} });
      expect(await l.getOrder(no)).toMatchObject({ status: 'refunded', refundedFen: 1000 });
      expect((await l.getRefund('R9'))?.status).toBe('succeeded');
      expect((await l.listOutbox(no)).map((m) => m.type)).toEqual(['order.pending', 'order.paid', 'order.refund_succeeded', 'order.refund_succeeded', 'order.refunded']);
      expect((await l.createRefund({ noOrder: no, noRefund: 'R10', amountFen: 1, dtRefund: '20260301130000' })).kind).toBe('not_refundable');
    }));

  it('records a refund notification once, with its effect, in one transaction', () =>
    run(h, async (l) => {
      const no = await paidOrder(l, 1000);
      await l.createRefund({ noOrder: no, noRefund: 'RN', amountFen: 1000, dtRefund: '20260301130000' });
      const note = { noRefund: 'RN', ref: 'RN:2', fields: { sta_refund: '2' }, status: 'succeeded' as const, eventType: 'refund_notified', data: {} };
      const outcomes = await Promise.all([l.recordRefundCallback(note), l.recordRefundCallback(note), l.recordRefundCallback(note)]);
      expect(outcomes.map((o) => o.kind).sort()).toEqual(['applied', 'duplicate', 'duplicate']);
      expect(await l.getOrder(no)).toMatchObject({ status: 'refunded', refundedFen: 1000 });
      expect((await l.listOutbox(no)).filter((m) => m.type === 'order.refunded')).toHaveLength(1);
      expect(await l.recordRefundCallback({ ...note, noRefund: 'nope' })).toEqual({ kind: 'refund_not_found' });
    }));
}
