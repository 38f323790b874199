import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JSON_CONTENT_TYPE, nestsDeeperThan } from './body.js';

// type-is is what body-parser would use for ['application/json', 'application/*+json'].
const typeis = createRequire(createRequire(import.meta.url).resolve('express')).resolve('type-is');
const { is } = (await import(typeis)) as { is: (value: string, types: string[]) => string | false };

describe('JSON_CONTENT_TYPE', () => {
  it('accepts exactly the content types body-parser accepts for application/json and application/*+json', () => {
    const samples = [
      'application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', 'application/json ; x=y',
      'application/problem+json', 'application/vnd.api+json; charset=utf-8', 'application/merge-patch+json',
      'text/json', 'application/jsonp', 'application/json-seq', 'application/x-www-form-urlencoded', 'text/plain',
      'application/+json', 'application/json/x', 'application/ json', 'json', '', 'multipart/form-data; boundary=x',
    ];
    for (const sample of samples) expect(JSON_CONTENT_TYPE.test(sample), sample).toBe(is(sample, ['application/json', 'application/*+json']) !== false);
  });
});

/** Nesting depth of a parsed JSON value, without recursion (so it can measure any depth). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, d] = item;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, d + 1);
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return deepest;
}

describe('nestsDeeperThan', () => {
  it('agrees with the depth of the parsed value, whatever strings, escapes and spacing the JSON holds', () => {
    const json = fc.tuple(fc.jsonValue({ maxDepth: 8 }), fc.constantFrom(undefined, 1, 2)).map(([v, space]) => JSON.stringify(v, null, space));
    fc.assert(fc.property(json, fc.integer({ min: 0, max: 9 }), (text, max) => {
      expect(nestsDeeperThan(Buffer.from(text, 'utf8'), max)).toBe(depthOf(JSON.parse(text)) > max);
    }), { seed: 14, numRuns: 500 });
  });

  it('measures 15,000 levels without recursion', () => {
    const text = `{"a":${'['.repeat(15_000)}${']'.repeat(15_000)}}`;
    expect(nestsDeeperThan(Buffer.from(text), 32)).toBe(true);
    expect(nestsDeeperThan(Buffer.from('{"a":"[[[[\\"[[[[","b":[[]]}'), 3)).toBe(false);
  });
});
