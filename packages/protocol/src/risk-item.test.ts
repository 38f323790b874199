import { describe, expect, it } from 'vitest';
import { ValidationError, buildRiskItem } from './index.js';

const RISK = '{"frms_ware_category":"1009","user_info_mercht_userno":"u10001","user_info_bind_phone":"13800000000","user_info_dt_register":"20230101080000","goods_name":"测试商品"}';

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).violations.map((v) => v.field);
  }
  throw new Error('expected a ValidationError');
}

describe('buildRiskItem (spec §2.1 nested JSON, §3.6)', () => {
  it('produces the spec §2.2 risk_item string byte for byte, in insertion order', () => {
    expect(buildRiskItem({
      frms_ware_category: '1009', user_info_mercht_userno: 'u10001', user_info_bind_phone: '13800000000',
      user_info_dt_register: '20230101080000', goods_name: '测试商品',
    })).toBe(RISK);
    expect(buildRiskItem({ z: '1', a: '2' })).toBe('{"z":"1","a":"2"}');
  });

  it('keeps numbers, booleans, nested industry blocks and quotes exact, with no whitespace', () => {
    const s = buildRiskItem({ n: 30, f: 1.5, ok: true, airline_list: [{ dt: '20240301', seats: 2 }], q: 'say "hi" \\ 你好' });
    expect(s).toBe('{"n":30,"f":1.5,"ok":true,"airline_list":[{"dt":"20240301","seats":2}],"q":"say \\"hi\\" \\\\ 你好"}');
    expect(JSON.parse(s)).toEqual({ n: 30, f: 1.5, ok: true, airline_list: [{ dt: '20240301', seats: 2 }], q: 'say "hi" \\ 你好' });
    expect(buildRiskItem(Object.assign(Object.create(null) as object, { a: '1' }))).toBe('{"a":"1"}');
  });

  it('rejects functions, undefined, null, Dates, NaN, Infinity, class instances and bigints, all at once', () => {
    expect(fieldsOf(() => buildRiskItem({
      f: () => 1, u: undefined, n: null, d: new Date(0), nan: Number.NaN, inf: Infinity, m: new Map(), b: 1n, nested: { deep: [undefined] },
    }))).toEqual(['risk_item.f', 'risk_item.u', 'risk_item.n', 'risk_item.d', 'risk_item.nan', 'risk_item.inf', 'risk_item.m', 'risk_item.b', 'risk_item.nested.deep[0]']);
    expect(() => buildRiskItem({ d: new Date(0) })).toThrow(/beijingTimestamp/);
  });

  it('rejects non-objects at the top and cycles', () => {
    for (const top of ['{"a":1}', [1], null, undefined, 5, new Date()]) expect(fieldsOf(() => buildRiskItem(top))).toEqual(['risk_item']);
    const cyclic: Record<string, unknown> = { a: '1' };
    cyclic.self = cyclic;
    expect(fieldsOf(() => buildRiskItem(cyclic))).toEqual(['risk_item.self']);
    const shared = { x: '1' };
    expect(buildRiskItem({ a: shared, b: shared })).toBe('{"a":{"x":"1"},"b":{"x":"1"}}');
  });
});
