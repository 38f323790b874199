import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmountError, MAX_FEN, MIN_FEN, formatAmount, parseAmount } from './index.js';

const fen = fc.integer({ min: MIN_FEN, max: MAX_FEN });

function rejects(value: unknown): string {
  try {
    parseAmount(value);
  } catch (e) {
    expect(e).toBeInstanceOf(AmountError);
    return (e as AmountError).code;
  }
  throw new Error(`accepted ${String(value)}`);
}

describe('money: integer fen inside, two-decimal CNY strings on the wire', () => {
  it('parse ∘ format is the identity over 1 .. 10^10 fen', () => {
    fc.assert(fc.property(fen, (n) => {
      expect(parseAmount(formatAmount(n))).toBe(n);
    }), { numRuns: 2000 });
    expect(formatAmount(1)).toBe('0.01');
    expect(formatAmount(4995)).toBe('49.95');
    expect(formatAmount(MAX_FEN)).toBe('100000000.00');
  });

  it('format ∘ parse is the identity on every valid wire string', () => {
    const wire = fen.map(formatAmount);
    fc.assert(fc.property(wire, (s) => {
      expect(formatAmount(parseAmount(s))).toBe(s);
    }));
  });

  it('rejects numbers, floats and non-integers', () => {
    fc.assert(fc.property(fc.double(), (d) => {
      expect(rejects(d)).toBe('amount_not_string');
    }));
    expect(() => formatAmount(1.5)).toThrow(AmountError);
    expect(() => formatAmount(Number.NaN)).toThrow(AmountError);
  });

  it('rejects every malformed string form', () => {
    const wire = fen.map(formatAmount);
    const mutations: ((s: string) => string)[] = [
      (s) => `+${s}`,
      (s) => `-${s}`,
      (s) => ` ${s}`,
      (s) => `${s} `,
      (s) => `${s}0`, // three decimals
      (s) => s.slice(0, -1), // one decimal
      (s) => s.split('.')[0], // no decimals
      (s) => `0${s}`, // leading zero
      (s) => `${s.replace('.', '')}e-2`, // exponent
      (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))), // full-width digits
      (s) => s.replace('.', ','),
      (s) => s.replace('.', '．'),
    ];
    fc.assert(
      fc.property(wire, fc.integer({ min: 0, max: mutations.length - 1 }), (s, i) => {
        expect(rejects(mutations[i](s))).toBe('amount_format');
      }),
      { numRuns: 500 },
    );
    for (const bad of ['', '.50', '1.', '1e2', '0x10.00', '1_000.00', '１.00', '00.01', '1.5']) expect(rejects(bad)).toBe('amount_format');
  });

  it('rejects amounts outside 0.01 .. 100000000.00', () => {
    expect(rejects('0.00')).toBe('amount_out_of_range');
    expect(rejects('100000000.01')).toBe('amount_out_of_range');
    expect(rejects('999999999.99')).toBe('amount_out_of_range');
    expect(rejects('1000000000.00')).toBe('amount_format');
    expect(() => formatAmount(0)).toThrow(/0.01 to 100000000.00/);
    expect(() => formatAmount(MAX_FEN + 1)).toThrow(AmountError);
  });
});
