import { canonicalString } from '@lianlian-checkout/protocol';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging.js';
import { maskedCanonical, verifyLogged } from './debug-canonical.js';
import { generateTestKeys, signAsLianLian, testConfig } from '../../test/support/payments.js';

describe('maskedCanonical', () => {
  it('keeps the fields, their order and the plain values, and replaces personal or unknown values by their length', () => {
    const fields = {
      oid_partner: '201408071000001539', no_order: 'N1', money_order: '0.01', card_no: '6222020200112233445', id_no: '11010519491231002X',
      acct_name: '张三', no_agree: 'AGREE1', bind_mob: '13912345678', info_order: '', sign: 'x',
      risk_item: JSON.stringify({ frms_ware_category: '1009', user_info_bind_phone: '13912345678', airline_list: [{ passenger_name: '李四', seat: 12 }] }),
    };
    const masked = maskedCanonical(fields);
    expect(masked).toBe(
      'acct_name=[2 chars]&bind_mob=[11 chars]&card_no=[19 chars]&id_no=[18 chars]&money_order=0.01&no_agree=[6 chars]&no_order=N1&oid_partner=201408071000001539' +
        '&risk_item={"frms_ware_category":"1009","user_info_bind_phone":"[11 chars]","airline_list":[{"passenger_name":"[2 chars]","seat":"[2 chars]"}]}',
    );
    // Same keys in the same order as the real canonical string.
    const keysOf = (s: string): string[] => s.split('&').map((kv) => kv.slice(0, kv.indexOf('=')));
    expect(keysOf(masked)).toEqual(keysOf(canonicalString(fields)));
    expect(maskedCanonical({ risk_item: 'not json 13912345678' })).toBe('risk_item=[20 chars]');
  });
});

describe('verifyLogged', () => {
  it('logs the masked canonical string of a failed verification only with LIANLIAN_DEBUG_SIGNATURES', () => {
    const keys = generateTestKeys();
    const forged = signAsLianLian({ oid_partner: '201408071000001539', no_order: 'N1', card_no: '6222020200112233445' }, keys.merchant.privateKey);
    for (const debug of [true, false]) {
      const lines: string[] = [];
      const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
      const config = testConfig(keys, debug ? { LIANLIAN_DEBUG_SIGNATURES: '1' } : {});
      expect(() => verifyLogged({ config, logger }, forged, { name: 'notify' })).toThrow(expect.objectContaining({ code: 'signature_mismatch' }));
      const text = lines.join('');
      expect(text).not.toContain('6222020200112233445');
      if (debug) expect(text).toContain('card_no=[19 chars]&no_order=N1');
      else expect(lines).toEqual([]);
    }
  });
});
