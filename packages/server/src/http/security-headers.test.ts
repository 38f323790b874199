import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers.js';

async function headersOf(middleware: RequestHandler): Promise<Record<string, string>> {
  const app = express();
  app.use(middleware);
  app.get('/x', (_req, res) => void res.json({ ok: true }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
    const headers = Object.fromEntries(res.headers);
    delete headers.date;
    delete headers.etag;
    return headers;
  } finally {
    server.close();
  }
}

describe('securityHeaders', () => {
  it('sends exactly the headers helmet sends, computed once', async () => {
    const expected = await headersOf(helmet());
    expect(expected['content-security-policy']).toContain("default-src 'self'");
    expect(await headersOf(securityHeaders())).toEqual(expected);
    const custom = { contentSecurityPolicy: { directives: { 'script-src': ["'self'", 'https://cdn.example'] } }, frameguard: { action: 'deny' as const } };
    expect(await headersOf(securityHeaders(custom))).toEqual(await headersOf(helmet(custom)));
  });

  it('removes X-Powered-By like helmet does', async () => {
    expect((await headersOf((_req, _res, next) => next()))['x-powered-by']).toBe('Express');
    expect((await headersOf(securityHeaders()))['x-powered-by']).toBeUndefined();
  });

  it('refuses options whose values depend on the request', () => {
    const perRequest = { contentSecurityPolicy: { directives: { 'script-src': ["'self'", (_req: unknown, res: { locals: { nonce: string } }) => `'nonce-${res.locals.nonce}'`] } } };
    expect(() => securityHeaders(perRequest as never)).toThrow(/without per-request values/);
  });
});
