import { describe, expect, it } from 'vitest';
import { AMOUNT, LANG, MILLISECONDS } from './attribute-rules.js';

describe('attribute rules', () => {
  it.each([
    ['LANG', LANG, ['', 'zh', 'zh-CN', 'zh-Hans-CN', 'ZH-cn', 'en', 'en-GB'], ['zh_CN', 'cn', 'chinese', 'fr', 'english', 'zhCN']],
    ['AMOUNT', AMOUNT, ['9', '9.90', '128.00', '0.01'], ['¥9.90', '9.9', '9.900', '9,90', ' 9.90', '', 'CNY 9']],
    ['MILLISECONDS', MILLISECONDS, ['1', '400', '15000'], ['0', '-1', '1.5', '15s', '1e3', '', ' 100', 'abc']],
  ] as const)('%s accepts what the element reads and refuses what it would ignore or misread', (_name, rule, valid, malformed) => {
    expect(valid.filter((value) => !rule.test(value))).toEqual([]);
    expect(malformed.filter((value) => rule.test(value))).toEqual([]);
  });
});
