import { describe, expect, it } from 'vitest';
import { backoffDelay, parseStatus } from './polling.js';

describe('backoffDelay', () => {
  it('grows by half from the interval and caps at ten times it', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, 1000))).toEqual([1000, 1500, 2250, 3375]);
    expect(backoffDelay(20, 1000)).toBe(10_000);
  });
});

describe('parseStatus', () => {
  it('accepts { no_order, status } with a known status', () => {
    expect(parseStatus({ no_order: 'O1', status: 'paid', extra: 1 })).toEqual({ no_order: 'O1', status: 'paid' });
  });

  it.each([null, [], { no_order: 'O1' }, { no_order: 1, status: 'paid' }, { no_order: 'O1', status: 'PAID' }])('refuses %j', (body) => {
    expect(() => parseStatus(body)).toThrow(expect.objectContaining({ code: 'invalid_response' }) as Error);
  });
});
