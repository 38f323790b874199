import { describe, expect, it } from 'vitest';
import { en, enStatus } from '../messages/en.js';
import { ERROR_MESSAGE_CODES } from '../messages/types.js';
import { zhCN, zhCNStatus } from '../messages/zh-CN.js';
import { errorMessage, toLocale } from './i18n.js';

describe('toLocale', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['ZH-cn', 'zh-CN'],
    ['en-GB', 'en'],
    ['fr', 'en'],
    ['', 'en'],
  ])('%s → %s', (lang, locale) => {
    expect(toLocale(lang)).toBe(locale);
  });
});

describe('errorMessage', () => {
  it('maps every server and browser code to its text, and unknown codes to the generic one', () => {
    expect(errorMessage(en, 'token_expired')).toBe(en['error.token']);
    expect(errorMessage(zhCN, 'order_failed')).toBe(zhCN['error.order_closed']);
    expect(errorMessage(en, 'timeout')).toBe(en['error.timeout']);
    expect(errorMessage(en, 'something_new')).toBe(en['error.unknown']);
    expect(errorMessage(en, 'constructor')).toBe(en['error.unknown']);
  });

  it('lists each code under exactly one text', () => {
    const codes = Object.values(ERROR_MESSAGE_CODES).flatMap((list) => list.split(' '));
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of ['token_unknown', 'token_expired', 'order_paid', 'order_failed', 'order_expired', 'limit_exceeded', 'origin_not_allowed', 'product_not_enabled', 'rate_limited', 'invalid_request', 'internal_error', 'network_error', 'timeout', 'gateway_not_allowed']) {
      expect(codes).toContain(code);
    }
  });

  it('has the same keys in both locales, none empty', () => {
    for (const [a, b] of [
      [en, zhCN],
      [enStatus, zhCNStatus],
    ] as const) {
      expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
      expect(Object.values({ ...a, ...b }).every((text) => text.trim() !== '')).toBe(true);
    }
  });
});
