import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { CallbackParseError, parseCallback, signFields, type Charset } from './index.js';

let privateKey: KeyObject;
beforeAll(() => {
  ({ privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 }));
});

const NOTIFY = {
  oid_partner: '201304121000001004', no_order: 'ORD20240301000001', dt_order: '20240301120000', oid_paybill: '2024030100001234',
  money_order: '0.01', result_pay: 'SUCCESS', settle_date: '20240301', info_order: '测试订单 A&B=1', pay_type: '1', bank_code: '01020000',
};
const sign = (fields: Record<string, string>): Record<string, string> => signFields(fields, { signType: 'RSA', privateKey });
const bytes = (s: string, charset: Charset = 'UTF-8'): Uint8Array => iconv.encode(s, charset);
const pct = (b: Uint8Array): string => Array.from(b, (x) => `%${x.toString(16).padStart(2, '0').toUpperCase()}`).join('');
const form = (fields: Record<string, string>, charset: Charset = 'UTF-8'): string =>
  Object.entries(fields).map(([k, v]) => `${k}=${pct(bytes(v, charset))}`).join('&');

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CallbackParseError);
    return (e as CallbackParseError).code;
  }
  throw new Error('expected a CallbackParseError');
}

describe('parseCallback: JSON notify bodies (spec §5)', () => {
  it('reads text/json, application/json and untyped JSON bodies', () => {
    const signed = sign(NOTIFY);
    for (const contentType of ['text/json;charset=utf-8', 'application/json', 'application/vnd.llp+json', undefined, 'text/plain']) {
      const parsed = parseCallback({ body: bytes(JSON.stringify(signed)), ...(contentType ? { contentType } : {}) });
      expect(parsed).toEqual({ fields: signed, format: 'json', charset: 'UTF-8' });
    }
  });

  it('keeps the raw text of numbers and booleans, and nested objects as their exact substring', () => {
    const body = '{ "money_order": 1.10, "oid_paybill": 2024030100001234567890, "ok": true, "gone": null,\n  "risk_item": {"a": "b", "n": 1.0},"s":"\\u6d4b\\"x\\"" }';
    const { fields, format } = parseCallback({ body: bytes(body), contentType: 'text/json' });
    expect(format).toBe('json');
    expect(fields).toEqual({ money_order: '1.10', oid_paybill: '2024030100001234567890', ok: 'true', risk_item: '{"a": "b", "n": 1.0}', s: '测"x"' });
    expect(String(JSON.parse('1.10'))).not.toBe(fields.money_order); // why the raw reader exists
  });

  it('decodes GBK, GB2312 and GB18030 JSON bodies, from the Content-Type or from charset_name', () => {
    for (const charset of ['GBK', 'GB2312', 'GB18030'] as const) {
      const fields = { ...NOTIFY, name_goods: '测试商品' };
      const fromHeader = parseCallback({ body: bytes(JSON.stringify(fields), charset), contentType: `text/json; charset=${charset.toLowerCase()}` });
      expect(fromHeader).toEqual({ fields, format: 'json', charset });
      const withName = { ...fields, charset_name: charset };
      expect(parseCallback({ body: bytes(JSON.stringify(withName), charset), contentType: 'text/json' })).toEqual({ fields: withName, format: 'json', charset });
    }
  });
});

describe('parseCallback: form bodies (spec §4 web return)', () => {
  it('percent-decodes to bytes, then decodes UTF-8 (including + for space)', () => {
    const fields = { ...NOTIFY, name_goods: 'Tea 测试' };
    const body = new URLSearchParams(fields).toString();
    expect(body).toContain('Tea+');
    expect(parseCallback({ body: bytes(body), contentType: 'application/x-www-form-urlencoded' })).toEqual({ fields, format: 'form', charset: 'UTF-8' });
    expect(parseCallback({ body: bytes(body) }).format).toBe('form');
  });

  it('decodes GBK, GB2312 and GB18030 forms, from the Content-Type or from charset_name', () => {
    for (const charset of ['GBK', 'GB2312', 'GB18030'] as const) {
      const fields = { ...NOTIFY, name_goods: '测试商品' };
      expect(pct(bytes('测', charset))).not.toBe(pct(bytes('测')));
      const typed = parseCallback({ body: bytes(form(fields, charset)), contentType: `application/x-www-form-urlencoded; charset="${charset}"` });
      expect(typed).toEqual({ fields, format: 'form', charset });
      const named = { ...fields, charset_name: charset };
      expect(parseCallback({ body: bytes(form(named, charset)), contentType: 'application/x-www-form-urlencoded' }).fields).toEqual(named);
    }
  });
});

describe('parseCallback: bodies that declare no charset', () => {
  it('decodes valid UTF-8 as UTF-8 and anything else as GB18030 (the GBK/GB2312 superset)', () => {
    const fields = { ...NOTIFY, ret_msg: '支付成功' };
    const gbkForm = parseCallback({ body: bytes(form(fields, 'GBK')), contentType: 'application/x-www-form-urlencoded' });
    expect(gbkForm).toEqual({ fields, format: 'form', charset: 'GB18030' });
    const gbkJson = parseCallback({ body: bytes(JSON.stringify(fields), 'GB2312'), contentType: 'text/json' });
    expect(gbkJson).toEqual({ fields, format: 'json', charset: 'GB18030' });
    expect(parseCallback({ body: bytes(form(fields)) }).charset).toBe('UTF-8');
  });
});

describe('parseCallback: H5 res_data (spec §4, §8 #5)', () => {
  const inner = { oid_partner: '201304121000001004', no_order: 'ORD1', money_order: '0.01', result_pay: 'SUCCESS', sign_type: 'RSA', sign: 'c2ln' };
  const json = JSON.stringify(inner);

  it('in a form field, a JSON string, a JSON object and the query string', () => {
    const expected = { fields: inner, format: 'res_data', charset: 'UTF-8' };
    expect(parseCallback({ body: bytes(`res_data=${encodeURIComponent(json)}`), contentType: 'application/x-www-form-urlencoded' })).toEqual(expected);
    expect(parseCallback({ body: bytes(JSON.stringify({ res_data: json })), contentType: 'application/json' })).toEqual(expected);
    expect(parseCallback({ body: bytes(`{"res_data": ${json}}`), contentType: 'text/json' })).toEqual(expected);
    expect(parseCallback({ body: new Uint8Array(), query: `?res_data=${encodeURIComponent(json)}` })).toEqual(expected);
    expect(parseCallback({ body: bytes('  '), query: `res_data=${encodeURIComponent(json)}` })).toEqual(expected);
  });

  it('decodes a GBK res_data named by its charset_name', () => {
    const gbk = { ...inner, charset_name: 'GBK', name_goods: '测试' };
    const body = `res_data=${pct(bytes(JSON.stringify(gbk), 'GBK'))}`;
    expect(parseCallback({ body: bytes(body), contentType: 'application/x-www-form-urlencoded' })).toEqual({ fields: gbk, format: 'res_data', charset: 'GBK' });
  });

  it('reads flat fields from the query, and nothing at all as empty', () => {
    expect(parseCallback({ body: new Uint8Array(), query: 'no_order=ORD1&result_pay=SUCCESS' })).toEqual({ fields: { no_order: 'ORD1', result_pay: 'SUCCESS' }, format: 'form', charset: 'UTF-8' });
    expect(parseCallback({ body: new Uint8Array() })).toEqual({ fields: {}, format: 'empty', charset: 'UTF-8' });
    expect(parseCallback({ body: new Uint8Array(), query: '?' }).format).toBe('empty');
  });
});

describe('parseCallback: field names that are Object.prototype keys stay plain fields', () => {
  it('keeps __proto__ and constructor as own fields in JSON and form bodies', () => {
    const json = parseCallback({ body: bytes('{"__proto__":"x","constructor":"y"}'), contentType: 'text/json' }).fields;
    const formed = parseCallback({ body: bytes('__proto__=x&constructor=y') }).fields;
    for (const fields of [json, formed]) {
      expect(Object.keys(fields)).toEqual(['__proto__', 'constructor']);
      expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    }
    expect(codeOf(() => parseCallback({ body: bytes('__proto__=x&__proto__=y') }))).toBe('callback_duplicate_field');
  });
});

describe('parseCallback: errors have stable codes', () => {
  it.each([
    ['malformed JSON', { body: bytes('{"a":"1",}'), contentType: 'text/json' }, 'callback_malformed_json'],
    ['truncated JSON', { body: bytes('{"a":"1"'), contentType: 'text/json' }, 'callback_malformed_json'],
    ['a JSON array', { body: bytes('["a"]'), contentType: 'application/json' }, 'callback_malformed_json'],
    ['trailing text', { body: bytes('{"a":"1"} x'), contentType: 'application/json' }, 'callback_malformed_json'],
    ['an unsupported Content-Type charset', { body: bytes('{"a":"1"}'), contentType: 'text/json; charset=Big5' }, 'callback_unsupported_charset'],
    ['an unsupported charset_name', { body: bytes('a=1&charset_name=Big5'), contentType: 'application/x-www-form-urlencoded' }, 'callback_unsupported_charset'],
    ['GBK bytes labelled UTF-8', { body: bytes('{"a":"测试"}', 'GBK'), contentType: 'text/json;charset=utf-8' }, 'callback_bad_encoding'],
    ['a duplicated JSON field', { body: bytes('{"a":"1","a":"2"}'), contentType: 'text/json' }, 'callback_duplicate_field'],
    ['a duplicated form field', { body: bytes('a=1&a=2') }, 'callback_duplicate_field'],
    ['a broken percent escape', { body: bytes('a=%zz'), contentType: 'application/x-www-form-urlencoded' }, 'callback_malformed_form'],
    ['multipart', { body: bytes('--x'), contentType: 'multipart/form-data; boundary=x' }, 'callback_unsupported_content_type'],
    ['an empty res_data', { body: bytes('res_data='), contentType: 'application/x-www-form-urlencoded' }, 'callback_empty'],
  ])('%s', (_name, input, code) => {
    expect(codeOf(() => parseCallback(input))).toBe(code);
  });
});

describe('parseCallback: form round trip', () => {
  it('reads back whatever URLSearchParams encoded, in UTF-8 and GB18030', () => {
    // Lone surrogates cannot be encoded by either side; LianLian's text never has them.
    const text = fc.string({ unit: 'grapheme', maxLength: 12 });
    fc.assert(
      fc.property(fc.dictionary(text.filter((k) => k !== '' && k !== 'res_data' && k !== 'charset_name'), text, { maxKeys: 8 }), (fields) => {
        const body = new URLSearchParams(fields).toString();
        expect(parseCallback({ body: bytes(body), contentType: 'application/x-www-form-urlencoded' }).fields).toEqual(fields);
        const gb = Object.entries(fields).map(([k, v]) => `${pct(bytes(k, 'GB18030'))}=${pct(bytes(v, 'GB18030'))}`).join('&');
        expect(parseCallback({ body: bytes(gb), contentType: 'application/x-www-form-urlencoded;charset=gb18030' }).fields).toEqual(fields);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseCallback: what a JavaScript caller may hand over as the body', () => {
  it('treats undefined and {} as no body, and refuses parsed objects and strings with their own codes', () => {
    const query = 'no_order=ORD1';
    expect(parseCallback({ body: undefined as unknown as Uint8Array, query }).fields).toEqual({ no_order: 'ORD1' });
    expect(parseCallback({ body: {} as Uint8Array }).format).toBe('empty');
    expect(codeOf(() => parseCallback({ body: { no_order: 'ORD1' } as unknown as Uint8Array }))).toBe('callback_body_parsed');
    expect(codeOf(() => parseCallback({ body: 'no_order=ORD1' as unknown as Uint8Array }))).toBe('callback_body_decoded');
  });
});

describe('parseCallback: charset_name is read from the JSON structure, not from text that mentions it', () => {
  it('ignores "charset_name" inside another field and finds it inside a res_data string', () => {
    const fields = { info_order: '{"charset_name":"GBK"}', name_goods: '测试' };
    expect(parseCallback({ body: bytes(JSON.stringify(fields)), contentType: 'text/json' })).toEqual({ fields, format: 'json', charset: 'UTF-8' });
    const inner = { charset_name: 'GB2312', name_goods: '测试' };
    // A JSON body whose res_data string holds GB2312 text: the whole body is GB2312 bytes.
    const body = Buffer.concat([Buffer.from('{"res_data":"'), iconv.encode(JSON.stringify(inner).replace(/"/g, '\\"'), 'GB2312'), Buffer.from('"}')]);
    expect(parseCallback({ body, contentType: 'text/json' })).toMatchObject({ fields: inner, charset: 'GB2312' });
  });
});
