import type { NextFunction, Request, Response } from 'express';
import { SandboxError } from '../errors.js';
import type { SandboxLogger } from '../logger.js';

interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
}

function toProblem(err: unknown): Problem | undefined {
  if (err instanceof SandboxError) return { status: err.status, code: err.code, title: err.name, detail: err.message };
  // body-parser and serve-static mark client errors with an HTTP status (body-parser adds `type`).
  const e = err as { type?: unknown; status?: unknown };
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    if (typeof e.type !== 'string') return { status: e.status, code: `http_${e.status}`, title: 'Not found', detail: 'No such file or resource.' };
    return { status: e.status, code: e.type.replace(/\./g, '_'), title: 'Unreadable body', detail: `The request body could not be read (${e.type}); send JSON within the size limit.` };
  }
  return undefined;
}

/**
 * The one place errors become HTTP responses: RFC 9457 problem details. Unknown errors are a
 * generic 500 and are logged in full; stack traces never reach a client.
 */
export function problemHandler(logger: SandboxLogger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const known = toProblem(err);
    if (!known) logger.error({ err, path: req.path }, 'unexpected error');
    const p = known ?? { status: 500, code: 'internal', title: 'Internal error', detail: 'Unexpected error; see the sandbox log.' };
    res.status(p.status).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', ...p, instance: req.originalUrl }));
  };
}
