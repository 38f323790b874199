import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmountError, MAX_FEN, MIN_FEN, formatAmount, parseAmount, parseReceivedAmount } from './index.js';

const fen = fc.integer({ min: MIN_FEN, max: MAX_FEN });

/** The `AmountError` code `parse` refuses `value` with. */
function refusal(parse: (value: unknown) => number, value: unknown): string {
  try {
    parse(value);
  } catch (e) {
    expect(e).toBeInstanceOf(AmountError);
    return (e as AmountError).code;
  }
  throw new Error(`accepted ${String(value)}`);
}
const rejects = (value: unknown): string => refusal(parseAmount, value);
const refusesReceived = (value: unknown): string => refusal(parseReceivedAmount, value);

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

/** How LianLian's Java back end writes an amount (spec §9): `Double.toString(fen / 100.0)`. */
function javaDoubleToString(n: number): string {
  const s = String(n / 100); // shortest round-trip digits, as Java's for these magnitudes
  return s.includes('.') ? s : `${s}.0`;
}

describe('parseReceivedAmount: what LianLian sends us, compared in fen (spec §9)', () => {
  it('reads the forms seen in real notifications and every plain decimal of whole fen', () => {
    const cases: [string, number][] = [
      ['0.1', 10], ['0.2', 20], ['1000.0', 100_000], ['100.01', 10_001], ['0.01', 1], ['10', 1000], ['12.300', 1230],
      ['49.95', 4995], ['49.950000', 4995], ['007.50', 750], ['100000000', MAX_FEN], ['100000000.00', MAX_FEN],
    ];
    for (const [s, n] of cases) expect(parseReceivedAmount(s), s).toBe(n);
  });

  it('reads Double.toString output back to the same fen (below 10^7 CNY, where Java switches to an exponent)', () => {
    fc.assert(fc.property(fc.integer({ min: MIN_FEN, max: 999_999_999 }), (n) => {
      expect(parseReceivedAmount(javaDoubleToString(n))).toBe(n);
    }), { numRuns: 3000 });
    expect(javaDoubleToString(10)).toBe('0.1');
    expect(javaDoubleToString(100_000)).toBe('1000.0');
  });

  it('reads our own two-decimal strings, with any number of trailing zeros added', () => {
    fc.assert(fc.property(fen, fc.nat({ max: 6 }), (n, zeros) => {
      expect(parseReceivedAmount(formatAmount(n) + '0'.repeat(zeros))).toBe(n);
    }), { numRuns: 1000 });
  });

  it('refuses signs, exponents, spaces, separators, full-width digits and dangling points', () => {
    const wire = fc.integer({ min: MIN_FEN, max: 999_999_999 }).map(javaDoubleToString);
    const mutations: ((s: string) => string)[] = [
      (s) => `+${s}`,
      (s) => `-${s}`,
      (s) => ` ${s}`,
      (s) => `${s} `,
      (s) => `${s}\n`,
      (s) => `${s}E0`,
      (s) => `${s}e2`,
      (s) => s.replace('.', ','),
      (s) => s.replace('.', '．'),
      (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))),
      (s) => `${s}.`,
      (s) => `.${s}`,
      (s) => s.replace('.', '..'),
    ];
    fc.assert(
      fc.property(wire, fc.integer({ min: 0, max: mutations.length - 1 }), (s, i) => {
        expect(refusesReceived(mutations[i](s))).toBe('amount_format');
      }),
      { numRuns: 800 },
    );
    for (const bad of ['', '.5', '1.', '1.0E7', '1e2', '0x10', '1_000.00', '1,000.00', '１.00', 'NaN', 'Infinity', '49.95 ']) {
      expect(refusesReceived(bad), bad).toBe('amount_format');
    }
    expect(refusesReceived(49.95)).toBe('amount_not_string');
    expect(refusesReceived(null)).toBe('amount_not_string');
  });

  it('refuses a value that is not a whole number of fen, and values out of range', () => {
    fc.assert(fc.property(fen, fc.integer({ min: 1, max: 9 }), (n, digit) => {
      expect(refusesReceived(`${formatAmount(n)}${digit}`)).toBe('amount_precision');
    }), { numRuns: 500 });
    expect(refusesReceived('0.105')).toBe('amount_precision');
    expect(refusesReceived('0.001')).toBe('amount_precision');
    for (const out of ['0', '0.0', '0.00', '100000000.01', '1000000000', '99999999999999999999999']) {
      expect(refusesReceived(out), out).toBe('amount_out_of_range');
    }
  });

  it('keeps parseAmount strict for what the kit sends and what shops send', () => {
    for (const s of ['0.1', '1000.0', '10', '12.300']) expect(rejects(s)).toBe('amount_format');
  });
});
