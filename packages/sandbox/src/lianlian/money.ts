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

/**
 * How the sandbox writes the amounts it sends (notifications, returns, query and refund answers):
 * `java` as LianLian's back end does (spec §9, the default), `echo` the merchant's own string.
 */
export const AMOUNT_FORMATS = ['java', 'echo'] as const;
export type AmountFormat = (typeof AMOUNT_FORMATS)[number];

/** Java switches `Double.toString` to computerized scientific notation from 10^7 on. */
const JAVA_PLAIN_LIMIT_FEN = 1_000_000_000;

/**
 * Java's `Double.toString(fen / 100.0)`, as LianLian writes `money_order` (spec §9: "0.1", "1000.0",
 * "100.01"), computed from the integer alone: shortest digits, at least one after the point, and
 * from 10,000,000.00 CNY on Java's scientific form ("1.0E7", "1.234567891E7"). Checked against
 * OpenJDK 17 for every amount up to 1,000,000.00 CNY, around both switch points and 5 million
 * random amounts up to LianLian's maximum (money.test.ts holds the golden values).
 */
export function javaDoubleString(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`fen must be a non-negative whole number, got ${fen}`);
  if (fen < JAVA_PLAIN_LIMIT_FEN) {
    const cents = String(fen % 100).padStart(2, '0');
    return `${Math.trunc(fen / 100)}.${cents.endsWith('0') ? cents[0] : cents}`;
  }
  const digits = String(fen);
  const significant = digits.replace(/0+$/, '');
  return `${significant[0]}.${significant.slice(1) || '0'}E${digits.length - 3}`;
}

/** The amount as the sandbox sends it: Java-style, or exactly the string the merchant sent. */
export function wireAmount(format: AmountFormat, fen: number, sent: string): string {
  return format === 'java' ? javaDoubleString(fen) : sent;
}
