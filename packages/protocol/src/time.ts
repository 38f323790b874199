import { TimestampError } from './errors.js';

/** Beijing time is UTC+8 all year (no DST), so a fixed offset is exact and independent of `TZ`. */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const STAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const DATE = /^(\d{4})(\d{2})(\d{2})$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `yyyyMMddHHmmss` in Beijing time for the given instant (spec §1 "Clock"). */
export function beijingTimestamp(instant: Date): string {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new TimestampError('invalid_date', 'Cannot format an invalid Date.');
  const b = new Date(t + OFFSET_MS);
  return (
    pad(b.getUTCFullYear(), 4) + pad(b.getUTCMonth() + 1) + pad(b.getUTCDate()) +
    pad(b.getUTCHours()) + pad(b.getUTCMinutes()) + pad(b.getUTCSeconds())
  );
}

/** `yyyyMMdd` Beijing calendar day, e.g. for daily limits and `settle_date`. */
export function beijingDate(instant: Date): string {
  return beijingTimestamp(instant).slice(0, 8);
}

/** Parses a LianLian `yyyyMMddHHmmss` (Beijing time) back into an instant. */
export function parseBeijingTimestamp(value: string): Date {
  const m = STAMP.exec(value);
  if (!m) throw new TimestampError('timestamp_format', `"${value.slice(0, 20)}" is not yyyyMMddHHmmss.`);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(utc);
  if (
    back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d ||
    back.getUTCHours() !== h || back.getUTCMinutes() !== mi || back.getUTCSeconds() !== s
  ) {
    throw new TimestampError('timestamp_invalid', `"${value}" is not a real calendar time.`);
  }
  return new Date(utc - OFFSET_MS);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Midnight of the Beijing day, and of the first day of the Beijing month, containing `now` (the
 * windows of LianLian's per-day and per-month limits, spec §1). Beijing is UTC+8 all year, so this
 * is arithmetic on the shifted instant (no string round trip).
 */
export function beijingPeriodStarts(now: Date): { day: Date; month: Date } {
  const shifted = now.getTime() + OFFSET_MS;
  const dayStart = shifted - (((shifted % DAY_MS) + DAY_MS) % DAY_MS);
  const monthStart = dayStart - (new Date(dayStart).getUTCDate() - 1) * DAY_MS;
  return { day: new Date(dayStart - OFFSET_MS), month: new Date(monthStart - OFFSET_MS) };
}

/**
 * When a Beijing day or month that started at `start` (a Beijing midnight, from
 * `beijingPeriodStarts`) ends, as ISO 8601 in Beijing time (`…T00:00:00+08:00`).
 */
export function beijingPeriodEnd(period: 'day' | 'month', start: Date): string {
  const local = new Date(start.getTime() + OFFSET_MS);
  const next = period === 'day'
    ? new Date(local.getTime() + DAY_MS)
    : new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1));
  return `${next.toISOString().slice(0, 19)}+08:00`;
}

/** Parses a `yyyyMMdd` Beijing date into the instant at its Beijing midnight. */
export function parseBeijingDate(value: string): Date {
  if (!DATE.test(value)) throw new TimestampError('date_format', `"${value.slice(0, 20)}" is not yyyyMMdd.`);
  return parseBeijingTimestamp(`${value}000000`);
}
