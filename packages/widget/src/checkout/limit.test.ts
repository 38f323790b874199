import { describe, expect, it } from 'vitest';
import { en } from '../messages/en.js';
import { zhCN } from '../messages/zh-CN.js';
import { limitMessage } from './limit.js';

describe('limitMessage', () => {
  it('names the day limit and when it resets, in Beijing time, in both locales', () => {
    const refusal = { limit: 'per_day', resets_at: '2026-03-15T00:00:00+08:00', limit_amount: '50.00', remaining: '20.00' };
    expect(limitMessage(en, refusal)).toBe('This payment is over the daily limit; it resets on 2026-03-15 00:00 Beijing time.');
    expect(limitMessage(zhCN, refusal)).toBe('已超出每日支付限额，将于 2026-03-15 00:00（北京时间）恢复。');
  });

  it('names the month limit', () => {
    const refusal = { limit: 'per_month', resets_at: '2026-04-01T00:00:00+08:00' };
    expect(limitMessage(en, refusal)).toBe('This payment is over the monthly limit; it resets on 2026-04-01 00:00 Beijing time.');
    expect(limitMessage(zhCN, refusal)).toBe('已超出每月支付限额，将于 2026-04-01 00:00（北京时间）恢复。');
  });

  it('uses an override of the text', () => {
    const m = { ...en, 'limit.per_day': 'Daily cap hit, back at {time}.' };
    expect(limitMessage(m, { limit: 'per_day', resets_at: '2026-03-15T00:00:00+08:00' })).toBe('Daily cap hit, back at 2026-03-15 00:00.');
  });

  it.each([
    ['the per-transaction limit (its text is error.limit)', { limit: 'per_transaction' }],
    ['no limit', { resets_at: '2026-03-15T00:00:00+08:00' }],
    ['an unknown limit', { limit: 'per_week', resets_at: '2026-03-15T00:00:00+08:00' }],
    ['no resets_at', { limit: 'per_day' }],
    ['a resets_at in another zone', { limit: 'per_day', resets_at: '2026-03-14T16:00:00Z' }],
    ['a resets_at that is not a time', { limit: 'per_day', resets_at: 'tomorrow' }],
  ])('is undefined for %s', (_name, refusal) => {
    expect(limitMessage(en, refusal)).toBeUndefined();
  });
});
