import { AmountError } from './errors.js';

/** Integer fen (分). Money never lives in a float. */
export type Fen = number;

export const MIN_FEN: Fen = 1;
export const MAX_FEN: Fen = 10_000_000_000; // 100,000,000.00 CNY (spec §3.2)

const WIRE = /^(0|[1-9][0-9]{0,8})\.([0-9]{2})$/;

/**
 * Parses a CNY wire amount (`"49.95"`) into integer fen. Exactly two decimals, ASCII digits only,
 * no sign, exponent, spaces or leading zeros, within 0.01 to 100,000,000.00.
 */
export function parseAmount(value: unknown): Fen {
  if (typeof value !== 'string') {
    throw new AmountError(
      'amount_not_string',
      `Amounts are CNY strings with two decimals, e.g. "49.95"; got a ${value === null ? 'null' : typeof value}. Never send money as a number.`,
    );
  }
  const m = WIRE.exec(value);
  if (!m) {
    throw new AmountError(
      'amount_format',
      `"${value.slice(0, 24)}" is not a CNY amount: write ASCII digits with exactly two decimals and no sign, spaces or exponent, e.g. "49.95".`,
    );
  }
  const fen = Number(m[1]) * 100 + Number(m[2]);
  assertRange(fen);
  return fen;
}

const RECEIVED = /^([0-9]+)(?:\.([0-9]+))?$/;

/**
 * Parses an amount LianLian sent us (notify, return, order query, refund notify and query answers)
 * into integer fen. LianLian writes these like Java's `Double.toString`, not as the two-decimal
 * string it was sent (spec §9: real notifications carry "0.1", "0.2", "1000.0" beside "0.01" and
 * "100.01"), so any plain decimal whose value is a whole number of fen is accepted: "0.1", "1000.0",
 * "10", "12.300", "49.95". Refused: a sign, an exponent, spaces, commas, full-width digits, a bare
 * "." at either end, and a value that is not a whole number of fen ("0.105"). What the kit sends
 * stays `formatAmount`'s two decimals, and what a shop sends is read with the strict `parseAmount`.
 */
export function parseReceivedAmount(value: unknown): Fen {
  if (typeof value !== 'string') {
    throw new AmountError('amount_not_string', `LianLian's amounts arrive as strings, e.g. "49.95" or "0.1"; got a ${value === null ? 'null' : typeof value}.`);
  }
  const m = RECEIVED.exec(value);
  if (!m) {
    throw new AmountError(
      'amount_format',
      `"${value.slice(0, 24)}" is not a plain decimal amount: ASCII digits with an optional decimal point, no sign, spaces, separators or exponent.`,
    );
  }
  const whole = (m[1] ?? '').replace(/^0+(?=[0-9])/, '');
  const decimals = m[2] ?? '';
  if (/[^0]/.test(decimals.slice(2))) {
    throw new AmountError('amount_precision', `"${value.slice(0, 24)}" is not a whole number of fen (0.01 CNY); no CNY payment can carry it.`);
  }
  // More than nine digits of yuan is above the maximum whatever they are; Number() stays exact below.
  if (whole.length > 9) assertRange(MAX_FEN + 1);
  const fen = Number(whole) * 100 + Number(decimals.slice(0, 2).padEnd(2, '0'));
  assertRange(fen);
  return fen;
}

/** Formats integer fen as LianLian's wire string (`4995` → `"49.95"`). */
export function formatAmount(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) {
    throw new AmountError('amount_not_integer', `Amounts inside the kit are integer fen; got ${String(fen)}.`);
  }
  assertRange(fen);
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  return `${yuan}.${cents < 10 ? '0' : ''}${cents}`;
}

function assertRange(fen: Fen): void {
  if (fen < MIN_FEN || fen > MAX_FEN) {
    throw new AmountError('amount_out_of_range', 'LianLian accepts amounts from 0.01 to 100000000.00 CNY.');
  }
}
