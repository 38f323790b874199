import { beijingDate, parseBeijingDate } from '@lianlian-checkout/protocol';
import { describe, expect, it } from 'vitest';
import { beijingPeriodStarts } from './limits.js';

describe('beijingPeriodStarts', () => {
  // The definition, through the protocol's Beijing calendar strings.
  const reference = (now: Date): { day: Date; month: Date } => {
    const date = beijingDate(now);
    return { day: parseBeijingDate(date), month: parseBeijingDate(`${date.slice(0, 6)}01`) };
  };

  it('gives Beijing midnight of the day and of the first of the month around the day and month edges', () => {
    const edges = [
      '2024-02-29T15:59:59.999Z', // 23:59:59.999 on 29 Feb (leap year), Beijing
      '2024-02-29T16:00:00.000Z', // 00:00 on 1 Mar, Beijing: a new day and a new month
      '2024-12-31T16:00:00.000Z', // 00:00 on 1 Jan 2025, Beijing
      '2025-01-31T23:59:59.000Z', // 07:59 on 1 Feb, Beijing, while UTC is still in January
      '1969-12-31T12:00:00.000Z', // before the epoch
    ];
    for (const iso of edges) expect(beijingPeriodStarts(new Date(iso)), iso).toEqual(reference(new Date(iso)));
    expect(beijingPeriodStarts(new Date('2024-02-29T16:00:00.000Z'))).toEqual({
      day: new Date('2024-02-29T16:00:00.000Z'),
      month: new Date('2024-02-29T16:00:00.000Z'),
    });
  });

  it('matches the calendar definition at every hour of four years', () => {
    const start = Date.UTC(2023, 0, 1);
    for (let t = start; t < start + 4 * 366 * 86_400_000; t += 3_600_000 + 61_000) {
      expect(beijingPeriodStarts(new Date(t))).toEqual(reference(new Date(t)));
    }
  });
});
