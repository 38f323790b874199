import { describe, expect, it } from 'vitest';
import { ValidationError, toUserreqIp, validateFields } from './index.js';

describe('toUserreqIp (spec §3.1)', () => {
  it('replaces dots with underscores for IPv4', () => {
    expect(toUserreqIp('122.11.37.211')).toBe('122_11_37_211');
    expect(toUserreqIp(' 203.0.113.7 ')).toBe('203_0_113_7');
  });

  it('unwraps IPv4-mapped IPv6 in every spelling', () => {
    expect(toUserreqIp('::ffff:1.2.3.4')).toBe('1_2_3_4');
    expect(toUserreqIp('::FFFF:203.0.113.7')).toBe('203_0_113_7');
    expect(toUserreqIp('::ffff:cb00:7107')).toBe('203_0_113_7');
    expect(toUserreqIp('[::ffff:1.2.3.4]')).toBe('1_2_3_4');
  });

  it('sends IPv6 compressed, and its /64 prefix when the address exceeds String(32)', () => {
    expect(toUserreqIp('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(toUserreqIp('fe80::1%eth0')).toBe('fe80::1');
    expect(toUserreqIp('::1')).toBe('::1');
    expect(toUserreqIp('2001:db8:85a3:1234:5678:8a2e:370:7334')).toBe('2001:db8:85a3:1234::');
    expect(toUserreqIp('2001:db8::1:2:3:4').length).toBeLessThanOrEqual(32);
  });

  it('produces values the field rules accept', () => {
    for (const ip of ['10.0.0.1', '::ffff:10.0.0.1', '2001:db8:85a3:1234:5678:8a2e:370:7334', '::1']) {
      const vs = validateFields('web', { userreq_ip: toUserreqIp(ip) }).filter((v) => v.field === 'userreq_ip');
      expect(vs, ip).toEqual([]);
    }
  });

  it('rejects what is not an IP address', () => {
    for (const bad of ['', 'localhost', '1.2.3', '256.1.1.1', '1.2.3.4.5', 'gggg::1']) expect(() => toUserreqIp(bad)).toThrow(ValidationError);
  });
});
