import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KitError } from '@lianlian-checkout/protocol';
import { jsonObjectBody, nestsDeeperThan } from './body.js';

describe('jsonObjectBody', () => {
  let url: string;
  let close: () => void;
  beforeAll(async () => {
    const app = express();
    app.post('/x', ...jsonObjectBody('1kb'), (req, res) => void res.json({ got: req.body as unknown }));
    const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => void res.status(400).json({ code: error instanceof KitError ? error.code : 'other' });
    app.use(onError);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/x`;
    close = () => server.close();
  });
  afterAll(() => close());
  const post = async (contentType: string): Promise<unknown> =>
    (await fetch(url, { method: 'POST', body: '{"a":1}', headers: { 'content-type': contentType } })).json();

  it('reads application/json and application/*+json, in any case and with parameters', async () => {
    for (const type of ['application/json', 'Application/JSON; charset=utf-8', 'application/vnd.api+json', 'application/merge-patch+json ; x=y']) {
      expect(await post(type), type).toEqual({ got: { a: 1 } });
    }
  });

  it('refuses any other content type as invalid_request', async () => {
    for (const type of ['text/json', 'text/plain', 'application/jsonp', 'application/x-www-form-urlencoded']) {
      expect(await post(type), type).toEqual({ code: 'invalid_request' });
    }
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
