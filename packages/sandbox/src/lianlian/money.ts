import { invalidParam, refuse, RET } from './codes.js';

/** LianLian's accepted range for `money_order` (spec §3.2): 0.01 to 100,000,000.00 CNY. */
export const MIN_FEN = 1;
export const MAX_FEN = 100_000_000_00;

const MONEY = /^(0|[1-9]\d{0,8})(?:\.(\d{1,2}))?$/;

/** Integer fen from a CNY string such as `49.95`; refuses (1004) anything LianLian would not parse. */
export function parseFen(value: string, field: string): number {
  const m = MONEY.exec(value);
  if (!m || value.length > 12) {
    throw invalidParam(field, `${field} "${value.slice(0, 20)}" is not a CNY amount: use digits with at most 2 decimals, e.g. "49.95".`);
  }
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Parses and checks the 0.01–100,000,000.00 range (7017 when outside it). */
export function parseAmountInRange(value: string, field: string): number {
  const fen = parseFen(value, field);
  if (fen < MIN_FEN || fen > MAX_FEN) {
    throw refuse(RET.AMOUNT_INCORRECT, `${field} ${value} is outside LianLian's range 0.01–100000000.00 CNY.`);
  }
  return fen;
}

/** Two-decimal wire form of an integer fen amount. */
export function formatFen(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
