import { isIP } from 'node:net';
import { ValidationError } from './errors.js';

const MAX_LENGTH = 32; // userreq_ip is String(32) (spec §3.1)

/**
 * The payer IP as LianLian's `userreq_ip` wants it (spec §3.1: `.` → `_`, e.g. `122_11_37_211`).
 *
 * - IPv4, and IPv4-mapped IPv6 (`::ffff:1.2.3.4`, as Node reports IPv4 clients on a dual-stack
 *   socket): `1_2_3_4`.
 * - Other IPv6: LianLian documents nothing. We send the RFC 5952 compressed form with its colons
 *   (`2001:db8::1`). When that is longer than String(32) we send the /64 network prefix
 *   (`2001:db8:85a3:1234::`): it is what identifies the subscriber, the rest is often a random
 *   privacy address (RFC 4941), and a truncated address would be wrong.
 */
export function toUserreqIp(ip: string): string {
  const bare = ip.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return bare.replace(/\./g, '_');
  if (family !== 6) {
    throw new ValidationError(
      [{ field: 'userreq_ip', rule: 'format', message: `is not an IPv4 or IPv6 address (${bare.length} characters); pass the client address, e.g. req.ip.` }],
    );
  }
  const compressed = new URL(`http://[${bare}]`).hostname.slice(1, -1);
  const groups = expand(compressed);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('_');
  }
  if (compressed.length <= MAX_LENGTH) return compressed;
  const prefix = groups.slice(0, 4).map((g) => g.toString(16)).join(':');
  return new URL(`http://[${prefix}::]`).hostname.slice(1, -1);
}

/** Eight 16-bit groups of a compressed IPv6 address without an embedded dotted quad. */
function expand(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
