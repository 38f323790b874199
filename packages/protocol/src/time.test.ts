import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { TimestampError, beijingDate, beijingPeriodEnd, beijingPeriodStarts, beijingTimestamp, parseBeijingDate, parseBeijingTimestamp } from './index.js';
import { probe } from '../test/support/time-probe.js';

const run = promisify(execFile);
const originalTz = process.env.TZ;
const ZONES = ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kathmandu', 'Europe/London', 'Asia/Shanghai', 'Pacific/Pago_Pago'];
// 2000-01-01 .. 2099-12-31 (UTC), whole seconds: LianLian stamps have no milliseconds.
const instant = fc.integer({ min: 946_684_800, max: 4_102_444_799 }).map((s) => new Date(s * 1000));

afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('Beijing time (UTC+8, independent of the process time zone)', () => {
  it('formats the spec examples', () => {
    expect(beijingTimestamp(new Date('2024-03-01T04:00:00Z'))).toBe('20240301120000');
    expect(beijingTimestamp(new Date('2023-12-31T16:00:00Z'))).toBe('20240101000000');
    expect(beijingDate(new Date('2024-02-29T15:59:59Z'))).toBe('20240229');
    expect(beijingDate(new Date('2024-02-29T16:00:00Z'))).toBe('20240301');
    expect(parseBeijingTimestamp('20240301120000').toISOString()).toBe('2024-03-01T04:00:00.000Z');
    expect(parseBeijingDate('20240301').toISOString()).toBe('2024-02-29T16:00:00.000Z');
  });

  it('round-trips under any process TZ, and the TZ change really applies to Date', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (zone, at) => {
        process.env.TZ = zone;
        const stamp = beijingTimestamp(at);
        expect(stamp).toMatch(/^\d{14}$/);
        expect(parseBeijingTimestamp(stamp).getTime()).toBe(at.getTime());
        expect(parseBeijingDate(beijingDate(at)).getTime()).toBeLessThanOrEqual(at.getTime());
      }),
      { numRuns: 500 },
    );
    process.env.TZ = 'Pacific/Kiritimati';
    expect(new Date('2024-03-01T00:00:00Z').getTimezoneOffset()).toBe(-14 * 60);
    process.env.TZ = 'America/Los_Angeles';
    expect(new Date('2024-01-01T00:00:00Z').getTimezoneOffset()).toBe(8 * 60);
  });

  it('gives identical results in child processes running under other time zones', async () => {
    const probePath = fileURLToPath(new URL('../test/support/time-probe.ts', import.meta.url));
    const inZone = async (tz: string): Promise<Record<string, unknown>> => {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', probePath], { env: { ...process.env, TZ: tz }, cwd: fileURLToPath(new URL('..', import.meta.url)) });
      return JSON.parse(stdout) as Record<string, unknown>;
    };
    const [la, kiritimati] = await Promise.all([inZone('America/Los_Angeles'), inZone('Pacific/Kiritimati')]);
    process.env.TZ = 'UTC';
    const { localOffsetMinutes, ...expected } = probe();
    expect(localOffsetMinutes).toBe(0);
    expect(la.localOffsetMinutes).toBe(480); // PST on 2024-03-01
    expect(kiritimati.localOffsetMinutes).toBe(-840);
    for (const child of [la, kiritimati]) {
      const { localOffsetMinutes: _offset, ...rest } = child;
      expect(rest).toEqual(expected);
    }
    expect((expected.stamps as string[])[0]).toBe('19700101080000');
  }, 60_000); // two tsx child processes on a shared, busy machine

  it('rejects malformed and impossible stamps with typed errors', () => {
    for (const bad of ['2024030112000', '202403011200000', '2024-03-01 12:00', '２０２４0301120000', '']) {
      expect(() => parseBeijingTimestamp(bad)).toThrow(TimestampError);
    }
    for (const impossible of ['20240230120000', '20241301120000', '20240301250000', '20240301126000', '20230229000000']) {
      expect(() => parseBeijingTimestamp(impossible)).toThrow(/not a real calendar time/);
    }
    expect(() => parseBeijingDate('2024031')).toThrow(TimestampError);
    expect(() => beijingTimestamp(new Date(Number.NaN))).toThrow(TimestampError);
  });
});

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

describe('beijingPeriodEnd', () => {
  it('is the next Beijing midnight, or the first of the next Beijing month (across a year end)', () => {
    const { day, month } = beijingPeriodStarts(new Date('2026-12-31T15:59:00Z')); // Beijing 2026-12-31 23:59
    expect(beijingPeriodEnd('day', day)).toBe('2027-01-01T00:00:00+08:00');
    expect(beijingPeriodEnd('month', month)).toBe('2027-01-01T00:00:00+08:00');
    expect(beijingPeriodEnd('month', beijingPeriodStarts(new Date('2026-02-10T04:00:00Z')).month)).toBe('2026-03-01T00:00:00+08:00');
  });
});
