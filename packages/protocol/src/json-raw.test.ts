import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallbackParseError } from './errors.js';
import { readJsonObject } from './json-raw.js';

describe('readJsonObject agrees with JSON.parse while keeping raw text', () => {
  it('reads every member of any JSON object, pretty-printed or not', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.constantFrom(undefined, 2, '\t'), (obj, indent) => {
        const text = JSON.stringify(obj, null, indent);
        const members = readJsonObject(text);
        expect(members.map((m) => m.key)).toEqual(Object.keys(obj));
        for (const m of members) {
          const expected = obj[m.key];
          if (m.kind === 'string') expect(m.text).toBe(expected);
          else if (m.kind === 'null') expect(expected).toBeNull();
          else {
            expect(JSON.parse(m.text)).toEqual(JSON.parse(JSON.stringify(expected)));
            if (indent === undefined) expect(m.text).toBe(JSON.stringify(expected)); // the exact substring
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rejects what JSON.parse rejects, always with callback_malformed_json', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (junk) => {
        const text = `{"a":${junk}}`;
        let native = true;
        try {
          JSON.parse(text);
        } catch {
          native = false;
        }
        let ours = true;
        try {
          readJsonObject(text);
        } catch (e) {
          expect(e).toBeInstanceOf(CallbackParseError);
          expect((e as CallbackParseError).code).toBe('callback_malformed_json');
          ours = false;
        }
        expect(ours).toBe(native);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects deep nesting without overflowing the stack', () => {
    expect(() => readJsonObject(`{"a":${'['.repeat(100_000)}`)).toThrow(CallbackParseError);
  });
});
