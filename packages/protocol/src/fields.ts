import { KitError } from './errors.js';
import { parseAmount } from './money.js';
import { parseBeijingTimestamp } from './time.js';

/**
 * Field rules as data (spec §3, §7), so the server, the sandbox and the docs read the same table.
 * Lengths are LianLian's `String(n)`, counted like Java's `String.length()` (UTF-16 code units: one
 * per Chinese character), which is what LianLian's Java back end sees.
 */
export type FieldFormat =
  | 'timestamp'
  | 'amount'
  | 'url'
  | 'hex_color'
  | 'positive_int'
  | 'bank_code'
  | 'oid_partner'
  | 'userreq_ip'
  | 'json_object'
  | 'card_no'
  | 'shareing_data';

export interface FieldRule {
  readonly required: boolean;
  /** `String(n)`: at most n characters. */
  readonly maxLength?: number;
  /** The only values LianLian documents for this field. */
  readonly values?: readonly string[];
  readonly format?: FieldFormat;
  /** Personal or secret data: never echoed in messages or logs. */
  readonly secret?: boolean;
}

export const req = (rule: Omit<FieldRule, 'required'> = {}): FieldRule => ({ required: true, ...rule });
export const opt = (rule: Omit<FieldRule, 'required'> = {}): FieldRule => ({ required: false, ...rule });

/** §7 `busi_partner`: 101001 virtual goods, 109001 physical goods, 108001 external-account top-up. */
export const BUSI_PARTNERS = ['101001', '109001', '108001'] as const;
/** §7 `id_type`: ID card, passport, military officer, HK/Macau pass, Taiwan permit, police, other. */
export const ID_TYPES = ['0', '2', '3', '4', '6', '9', 'X'] as const;
/**
 * §7 `pay_type` codes the web cashier takes: online banking debit/credit/B2B (1, 8, 9, documented)
 * and quick pay debit/credit (2, 3) and verified payment (D), which real integrations send (§9).
 */
export const WEB_PAY_TYPES = ['1', '8', '9', '2', '3', 'D'] as const;
/** §7 `pay_type` codes that pick an online bank, the only ones `bank_code` goes with. */
export const ONLINE_BANKING_PAY_TYPES: readonly string[] = ['1', '8', '9'];
/** §3.1 `charset_name` values for the web cashier. */
export const CHARSET_NAMES = ['UTF-8', 'GBK', 'GB2312', 'GB18030'] as const;

interface FormatCheck {
  /** Rule id reported for a failure: `pattern` for shape, `format` for content that must parse. */
  rule: 'pattern' | 'format';
  /** Describes the problem without echoing the value, or returns undefined when the value is fine. */
  check(value: string): string | undefined;
}

const shape = (re: RegExp, expected: string): FormatCheck => ({
  rule: 'pattern',
  check: (v) => (re.test(v) ? undefined : `must be ${expected}`),
});

const parses = (fn: (v: string) => unknown, expected: string): FormatCheck => ({
  rule: 'format',
  check(v) {
    try {
      fn(v);
      return undefined;
    } catch (e) {
      if (e instanceof KitError) return `must be ${expected} (${e.code})`;
      return `must be ${expected}`;
    }
  },
});

function httpUrl(v: string): void {
  const url = new URL(v);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
}

function jsonObject(v: string): void {
  const parsed: unknown = JSON.parse(v);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
}

/** §3.2: up to three `account^type^amount^desc` entries joined by `|`; type 0 or 1; desc ≤ 85 chars. */
function shareingData(v: string): void {
  const entries = v.split('|');
  if (entries.length > 3) throw new Error('too many entries');
  for (const entry of entries) {
    const parts = entry.split('^');
    if (parts.length !== 4) throw new Error('not account^type^amount^desc');
    const [account, type, amount, desc] = parts as [string, string, string, string];
    if (account === '' || (type !== '0' && type !== '1') || desc.length > 85) throw new Error('bad entry');
    parseAmount(amount);
  }
}

export const FORMAT_CHECKS: Readonly<Record<FieldFormat, FormatCheck>> = {
  timestamp: parses(parseBeijingTimestamp, 'a real yyyyMMddHHmmss time (14 digits, Beijing time)'),
  amount: parses(parseAmount, 'a CNY amount with exactly two decimals between 0.01 and 100000000.00, e.g. "49.95"'),
  url: parses(httpUrl, 'an absolute http(s) URL'),
  hex_color: shape(/^[0-9a-fA-F]{6}$/, 'six hex digits, e.g. ff5001'),
  positive_int: shape(/^[1-9][0-9]{0,8}$/, 'a positive whole number of minutes without leading zeros'),
  bank_code: shape(/^[0-9]{8}$/, 'an 8-digit LianLian bank code, e.g. 01020000 (spec §7)'),
  oid_partner: shape(/^[0-9]{18}$/, 'the 18-digit merchant id LianLian assigned'),
  userreq_ip: shape(
    /^(?:[0-9]{1,3}(?:_[0-9]{1,3}){3}|[0-9a-f:_]*:[0-9a-f:_]*)$/,
    'an IP with "." replaced by "_" (e.g. 122_11_37_211); use toUserreqIp()',
  ),
  json_object: parses(jsonObject, 'a JSON object string; build it with buildRiskItem()'),
  card_no: shape(/^[0-9]{12,19}$/, 'a card number of 12 to 19 digits'),
  shareing_data: parses(shareingData, 'up to three account^type^amount^desc entries joined by "|" (spec §3.2)'),
};
