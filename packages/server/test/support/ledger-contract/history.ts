import { expect, it } from 'vitest';
import { T0, withLedger as run, type ContractHarness } from './orders.js';
import { KEPT_PER_KIND } from '../../../src/ledger/history.js';
import { newOrder } from '../ledger.js';
import type { Ledger } from '../../../src/ledger/types.js';

/** Contract, part three: an order's history stays bounded under floods, and pages back. */

async function pendingOrder(l: Ledger): Promise<string> {
  const o = newOrder();
  await l.createOrder({ order: o });
  await l.markCheckoutSigned(o.noOrder, {});
  return o.noOrder;
}

export function historyContract(h: ContractHarness): void {
  it('counts rejected callbacks per order and kind, even when they race, and keeps only the first few as events', () =>
    run(h, async (l, clock) => {
      const no = await pendingOrder(l);
      const rejected = await Promise.all(Array.from({ length: 12 }, (_, i) => l.countCallback(no, { type: 'notify_rejected', data: { reason: 'signature_mismatch', i } })));
      expect(rejected.map((r) => r?.count).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(rejected.filter((r) => r?.kept)).toHaveLength(KEPT_PER_KIND);
      expect(rejected.every((r) => r?.kept === ((r?.count ?? 0) <= KEPT_PER_KIND))).toBe(true);
      clock.at = new Date(T0.getTime() + 60_000);
      for (let i = 0; i < 3; i++) await l.countCallback(no, { type: 'return_unverified', data: { reason: 'signature_missing' } });
      const types = (await l.listEvents(no)).map((e) => e.type);
      expect(types.filter((t) => t === 'notify_rejected')).toHaveLength(KEPT_PER_KIND);
      expect(types.filter((t) => t === 'return_unverified')).toHaveLength(3);
      expect(await l.listCallbackTallies(no)).toEqual([
        { kind: 'notify_rejected', count: 12, firstAt: T0, lastAt: T0 },
        { kind: 'return_unverified', count: 3, firstAt: clock.at, lastAt: clock.at },
      ]);
      // Counting changes nothing else about the order.
      expect((await l.getOrder(no))?.status).toBe('pending');
      expect((await l.listOutbox(no)).map((m) => m.type)).toEqual(['order.pending']);
    }));

  it('counts nothing for an unknown order', () =>
    run(h, async (l) => {
      expect(await l.countCallback('NO-SUCH-ORDER', { type: 'notify_rejected', data: {} })).toBeUndefined();
      expect(await l.listCallbackTallies('NO-SUCH-ORDER')).toEqual([]);
      expect(await l.listEvents('NO-SUCH-ORDER')).toEqual([]);
    }));

  it('keeps the first few of a replayed verified return, and marks the hint once', () =>
    run(h, async (l, clock) => {
      const no = await pendingOrder(l);
      for (let i = 0; i < 8; i++) {
        clock.at = new Date(T0.getTime() + i * 1000);
        expect((await l.recordReturnHint(no, { result_pay: 'SUCCESS' }))?.status).toBe('pending');
      }
      expect((await l.listEvents(no)).filter((e) => e.type === 'return_hint')).toHaveLength(KEPT_PER_KIND);
      expect(await l.listCallbackTallies(no)).toEqual([{ kind: 'return_hint', count: 8, firstAt: T0, lastAt: clock.at }]);
      // The reconciler still sees the first hint's time.
      const due = await l.listOrdersToReconcile({ now: clock.at, hintBefore: new Date(T0.getTime() + 1), createdBefore: new Date(0), notQueriedSince: clock.at, limit: 5 });
      expect(due.map((o) => o.noOrder)).toEqual([no]);
    }));

  it('pages back through the history, newest events first, oldest first within a page', () =>
    run(h, async (l) => {
      const no = await pendingOrder(l);
      for (let i = 0; i < 5; i++) await l.appendEvent(no, 'note', { i });
      await l.appendEvent('OTHER-ORDER', 'note', {});
      const all = await l.listEvents(no);
      expect(all).toHaveLength(7);
      const first = await l.listEventPage(no, { limit: 3 });
      expect(first).toEqual({ events: all.slice(4), total: 7, older: true });
      const second = await l.listEventPage(no, { before: Number(first.events[0]?.id), limit: 3 });
      expect(second).toEqual({ events: all.slice(1, 4), total: 7, older: true });
      const last = await l.listEventPage(no, { before: Number(second.events[0]?.id), limit: 3 });
      expect(last).toEqual({ events: all.slice(0, 1), total: 7, older: false });
      expect(await l.listEventPage(no, { before: Number(all[1]?.id), limit: 1 })).toEqual({ events: all.slice(0, 1), total: 7, older: false });
      expect((await l.listEventPage(no, { before: Number(all[0]?.id), limit: 3 })).events).toEqual([]);
      expect(await l.listEventPage(no, { limit: 7 })).toEqual({ events: all, total: 7, older: false });
      expect(await l.listEventPage('NO-SUCH-ORDER', { limit: 3 })).toEqual({ events: [], total: 0, older: false });
    }));
}
