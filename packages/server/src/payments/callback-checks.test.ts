import { describe, expect, it } from 'vitest';
import { checkAmount, isAllowedIp, resultEvent } from './callback-checks.js';

describe('callback checks', () => {
  it('maps every documented result_pay and refuses others', () => {
    expect(['SUCCESS', 'FAILURE', 'WAITING', 'PROCESSING', 'REFUND'].map(resultEvent)).toEqual([
      'payment_succeeded', 'payment_failed', undefined, undefined, 'fully_refunded',
    ]);
    expect(() => resultEvent('success')).toThrow(expect.objectContaining({ code: 'unknown_result_pay' }));
    expect(() => resultEvent(undefined)).toThrow(expect.objectContaining({ code: 'unknown_result_pay' }));
  });

  it('compares amounts in fen, written the way LianLian writes them (spec §9), and rejects malformed ones', () => {
    for (const [value, fen] of [['49.95', 4995], ['49.950', 4995], ['0.1', 10], ['0.10', 10], ['1000.0', 100_000], ['10', 1000]] as const) {
      expect(() => checkAmount('money_order', value, fen), value).not.toThrow();
    }
    for (const bad of ['49.9', '4995', undefined, '49.96', '4.995E1', '+49.95', ' 49.95', '49,95', '４９.９５', '49.951']) {
      expect(() => checkAmount('money_order', bad, 4995), String(bad)).toThrow(expect.objectContaining({ code: 'wrong_amount' }));
    }
  });

  it('allows every IP when no allowlist is set, and matches IPv4-mapped IPv6 addresses', () => {
    expect(isAllowedIp(undefined, '203.0.113.9')).toBe(true);
    expect(isAllowedIp(['115.236.102.36'], '::ffff:115.236.102.36')).toBe(true);
    expect(isAllowedIp(['115.236.102.36'], '115.236.102.37')).toBe(false);
    expect(isAllowedIp(['115.236.102.36'], undefined)).toBe(false);
  });
});
