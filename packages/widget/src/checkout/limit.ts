import type { CheckoutMessages } from '../messages/types.js';

/** The part of a `limit_exceeded` problem the buyer's text needs (packages/server/src/payments/limits.ts). */
export interface LimitRefusal {
  /** `per_transaction`, `per_day` or `per_month`. */
  limit?: unknown;
  /** When a day or month limit resets, in Beijing time: `2026-03-15T00:00:00+08:00`. */
  resets_at?: unknown;
}

/** The server's `resets_at`: Beijing wall-clock time, which is what the buyer is shown. */
const BEIJING_TIME = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d):\d\d\+08:00$/;

/**
 * The text for a `limit_exceeded` refusal of the day or month limit, with when it resets:
 * "… resets on 2026-03-15 00:00 Beijing time". LianLian counts Beijing calendar days and months,
 * so the time stays Beijing time whatever the buyer's time zone. Undefined for anything else (the
 * per-transaction limit's text is `error.limit`).
 */
export function limitMessage(m: CheckoutMessages, { limit, resets_at }: LimitRefusal): string | undefined {
  const time = BEIJING_TIME.exec(String(resets_at));
  if (!time || (limit !== 'per_day' && limit !== 'per_month')) return undefined;
  return m[`limit.${limit}`].replace('{time}', `${time[1]} ${time[2]}`);
}
