/**
 * Run by src/time.test.ts in child processes under other `TZ` values: prints what the time helpers
 * produce for fixed inputs, plus the process's own local offset so the test can prove TZ applied.
 */
import { beijingDate, beijingPeriodStarts, beijingTimestamp, parseBeijingDate, parseBeijingTimestamp } from '../../src/time.js';

export const PROBE_INSTANTS = [0, 1_709_265_600_000, 1_709_308_799_000, 1_735_660_800_000, 4_102_444_799_000];
export const PROBE_STAMPS = ['20240301120000', '20231231235959', '20000229000000', '19700101080000'];

export function probe(): Record<string, unknown> {
  return {
    localOffsetMinutes: new Date(1_709_265_600_000).getTimezoneOffset(),
    stamps: PROBE_INSTANTS.map((t) => beijingTimestamp(new Date(t))),
    dates: PROBE_INSTANTS.map((t) => beijingDate(new Date(t))),
    parsed: PROBE_STAMPS.map((s) => parseBeijingTimestamp(s).toISOString()),
    midnights: PROBE_STAMPS.map((s) => parseBeijingDate(s.slice(0, 8)).toISOString()),
    periods: PROBE_INSTANTS.map((t) => beijingPeriodStarts(new Date(t))).map(({ day, month }) => [day.toISOString(), month.toISOString()]),
  };
}

if (process.argv[1]?.endsWith('time-probe.ts')) process.stdout.write(JSON.stringify(probe()));
