import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextStatus, type OrderStatus, type StatusEvent } from './state.js';

const STATUSES: OrderStatus[] = ['created', 'pending', 'paid', 'failed', 'expired', 'refunded'];
const EVENTS: StatusEvent[] = ['checkout_signed', 'payment_succeeded', 'payment_failed', 'order_expired', 'fully_refunded'];

describe('nextStatus', () => {
  it('implements the documented transition table', () => {
    const moves = STATUSES.flatMap((s) => EVENTS.filter((e) => nextStatus(s, e) !== s).map((e) => `${s} -${e}-> ${nextStatus(s, e)}`));
    expect(moves).toEqual([
      'created -checkout_signed-> pending',
      'created -payment_succeeded-> paid',
      'created -payment_failed-> failed',
      'created -order_expired-> expired',
      'pending -payment_succeeded-> paid',
      'pending -payment_failed-> failed',
      'pending -order_expired-> expired',
      'paid -fully_refunded-> refunded',
      'failed -payment_succeeded-> paid',
      'expired -payment_succeeded-> paid',
    ]);
  });

  it('never leaves paid except to refunded, and reaches refunded only from paid, for any event sequence', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), fc.array(fc.constantFrom(...EVENTS), { maxLength: 30 }), (start, events) => {
        let status = start;
        for (const event of events) {
          const next = nextStatus(status, event);
          if (status === 'paid') expect(['paid', 'refunded']).toContain(next);
          if (next === 'refunded' && status !== 'refunded') expect(status).toBe('paid');
          if (status === 'refunded') expect(next).toBe('refunded');
          status = next;
        }
      }),
    );
  });

  it('is idempotent: applying an event twice equals applying it once', () => {
    for (const s of STATUSES) for (const e of EVENTS) expect(nextStatus(nextStatus(s, e), e)).toBe(nextStatus(s, e));
  });
});
