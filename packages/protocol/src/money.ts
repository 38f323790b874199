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
