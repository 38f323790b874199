import type { Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's headers, computed once. Without per-request directives (nonces, functions), helmet sets
 * the same headers on every response; running it once against a recording response at start-up and
 * replaying the result in one middleware gives byte-identical headers without helmet's chain of
 * thirteen middlewares on every request. Options that depend on the request are refused.
 */
export function securityHeaders(options: Readonly<HelmetOptions> = {}): RequestHandler {
  const middleware = helmet(options);
  const set: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  let passed = false;
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => (set.push([name, value]), recorder),
    removeHeader: (name: string) => void removed.push(name),
  };
  const probe = { method: 'GET', url: '/', headers: {} } as Request;
  const refused = (cause?: unknown): Error =>
    new Error('securityHeaders: helmet could not compute its headers once; pass options without per-request values (nonces, functions).', { cause });
  try {
    middleware(probe, recorder as unknown as Response, (error?: unknown) => {
      if (error !== undefined) throw refused(error);
      passed = true;
    });
  } catch (error) {
    throw refused(error);
  }
  if (!passed) throw refused();
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
