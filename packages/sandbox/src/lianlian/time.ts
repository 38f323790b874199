/** Beijing time is UTC+8 all year (no DST), so a fixed offset is exact and independent of `TZ`. */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const STAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `yyyyMMddHHmmss` in Beijing time (spec §1 "Clock"). */
export function beijingStamp(instant: Date): string {
  const b = new Date(instant.getTime() + OFFSET_MS);
  return (
    pad(b.getUTCFullYear(), 4) + pad(b.getUTCMonth() + 1) + pad(b.getUTCDate()) +
    pad(b.getUTCHours()) + pad(b.getUTCMinutes()) + pad(b.getUTCSeconds())
  );
}

/** `yyyyMMdd` Beijing calendar day: `settle_date` and the per-day limit window. */
export function beijingDay(instant: Date): string {
  return beijingStamp(instant).slice(0, 8);
}

/** `yyyyMM` Beijing calendar month: the per-month limit window. */
export function beijingMonth(instant: Date): string {
  return beijingStamp(instant).slice(0, 6);
}

/** Parses `yyyyMMddHHmmss` Beijing time; `undefined` when it is not a real calendar time. */
export function parseBeijingStamp(value: string): Date | undefined {
  const m = STAMP.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const back = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const real =
    back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d &&
    back.getUTCHours() === h && back.getUTCMinutes() === mi && back.getUTCSeconds() === s;
  return real ? new Date(back.getTime() - OFFSET_MS) : undefined;
}
