import { describe, expect, it } from 'vitest';
import { javaDoubleString, MAX_FEN, wireAmount } from './money.js';

/**
 * Golden values printed by OpenJDK 17's `Double.toString(fen / 100.0)`; the same program found no
 * difference from `javaDoubleString` over 108 million amounts (see the function's comment).
 */
const JAVA: ReadonlyArray<[number, string]> = [
  [0, '0.0'], [1, '0.01'], [10, '0.1'], [20, '0.2'], [99, '0.99'], [100, '1.0'], [101, '1.01'], [110, '1.1'],
  [1000, '10.0'], [4995, '49.95'], [5000, '50.0'], [10001, '100.01'], [100000, '1000.0'], [123456789, '1234567.89'],
  [999999999, '9999999.99'], [1000000000, '1.0E7'], [1000000001, '1.000000001E7'], [1000000010, '1.00000001E7'],
  [1234567891, '1.234567891E7'], [9999999999, '9.999999999E7'], [10000000000, '1.0E8'],
];

describe('javaDoubleString: amounts as LianLian writes them (spec §9)', () => {
  it.each(JAVA)('%i fen is "%s", as Java prints it', (fen, java) => {
    expect(javaDoubleString(fen)).toBe(java);
  });

  // JavaScript also prints the shortest digits that give back the same double (ECMA-262 Number::toString).
  const withDecimal = (s: string): string => (s.includes('.') ? s : `${s}.0`);
  const plain = (fen: number): string => withDecimal(String(fen / 100));
  const scientific = (fen: number): string => {
    const [mantissa, exponent] = (fen / 100).toExponential().split('e+') as [string, string];
    return `${withDecimal(mantissa)}E${exponent}`;
  };
  const mismatches = (fens: Iterable<number>, expected: (fen: number) => string): number[] =>
    [...fens].filter((fen) => javaDoubleString(fen) !== expected(fen));
  function* range(from: number, to: number, step = 1): Generator<number> {
    for (let fen = from; fen < to; fen += step) yield fen;
  }

  it('below 10^7 CNY it is JavaScript\'s shortest form of the same double, with ".0" for whole yuan', () => {
    expect(mismatches(range(0, 200_000), plain)).toEqual([]);
    expect(mismatches(range(999_000_000, 1_000_000_000, 7), plain)).toEqual([]);
  });

  it('from 10^7 CNY on it is the shortest scientific form, mantissa with at least one decimal', () => {
    expect(mismatches(range(1_000_000_000, MAX_FEN + 1, 99_991), scientific)).toEqual([]);
    expect(mismatches([MAX_FEN], scientific)).toEqual([]);
  });

  it('always denotes exactly the amount in fen', () => {
    for (const fen of [1, 10, 100, 12345, 99_999_999, 1_000_000_000, 1_234_567_891, MAX_FEN]) {
      expect(Math.round(Number(javaDoubleString(fen)) * 100)).toBe(fen);
    }
  });

  it('refuses what is not a whole number of fen', () => {
    expect(() => javaDoubleString(1.5)).toThrow(RangeError);
    expect(() => javaDoubleString(-1)).toThrow(RangeError);
  });
});

describe('wireAmount', () => {
  it('writes Java-style by default and echoes the merchant\'s string on request', () => {
    expect(wireAmount('java', 1000, '10.00')).toBe('10.0');
    expect(wireAmount('echo', 1000, '10.00')).toBe('10.00');
  });
});
