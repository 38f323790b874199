import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { JSON_CONTENT_TYPE } from './body.js';

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
