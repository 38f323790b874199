import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ERROR_CODES, ValidationError, type ErrorCode, type FieldViolation } from '@lianlian-checkout/protocol';
import { HttpError, NotFoundError } from '../errors.js';
import type { Logger } from '../logging.js';
import { logOf, requestIdOf } from './context.js';
import { readProblem } from './read-errors.js';

/**
 * The one place errors become HTTP responses: RFC 9457 `application/problem+json` with a stable
 * `code`. Known errors carry a registered code (its status and title come from `ERROR_CODES`) and a
 * message; anything else is a generic 500, logged in full with the request id. Stack traces, keys and signatures never reach the client.
 */
export const PROBLEM_TYPE_BASE = 'urn:lianlian-checkout:problem:';

/**
 * RFC 9457's members and this API's own standard ones. An error's details are extension members
 * and never replace these (an order's status, for one, travels as `order_status`).
 */
export const STANDARD_MEMBERS: ReadonlySet<string> = new Set(['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId', 'retryable', 'errors']);

export interface Problem {
  status: number;
  code: ErrorCode;
  detail: string;
  retryable: boolean;
  headers: Record<string, string>;
  extensions: Record<string, unknown>;
  errors: readonly FieldViolation[] | undefined;
}

function fromHttpError(err: HttpError): Problem {
  const { violations, ...extensions } = err.details ?? {};
  return {
    status: err.status, code: err.code, detail: err.message, retryable: err.retryable, headers: err.headers,
    extensions, errors: Array.isArray(violations) ? (violations as FieldViolation[]) : undefined,
  };
}

/** Maps a thrown value to a problem, or undefined when it is unknown (→ generic 500). */
export function toProblem(err: unknown): Problem | undefined {
  const base = { retryable: false, headers: {}, extensions: {}, errors: undefined };
  if (err instanceof HttpError) return fromHttpError(err);
  if (err instanceof ValidationError) {
    return { ...base, status: ERROR_CODES.invalid_fields.status, code: 'invalid_fields', detail: `${err.violations.length} field(s) need fixing; see errors.`, errors: err.violations };
  }
  const read = readProblem(err);
  return read && { ...base, ...read, status: ERROR_CODES[read.code].status };
}

/** The problem document: the standard members, then the extensions that do not reuse their names. */
export function problemBody(problem: Problem, requestId: string): Record<string, unknown> {
  const extensions = Object.entries(problem.extensions).filter(([name]) => !STANDARD_MEMBERS.has(name));
  return {
    type: `${PROBLEM_TYPE_BASE}${problem.code}`,
    title: ERROR_CODES[problem.code].title,
    status: problem.status,
    code: problem.code,
    detail: problem.detail,
    requestId,
    retryable: problem.retryable,
    ...Object.fromEntries(extensions),
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}

function send(res: Response, problem: Problem): void {
  const body = problemBody(problem, requestIdOf(res));
  res.status(problem.status).set(problem.headers).set('Cache-Control', 'no-store');
  res.type('application/problem+json').send(JSON.stringify(body));
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const problem = toProblem(err);
    if (problem) {
      if (problem.status >= 500) logOf(res, logger).error({ err, code: problem.code }, 'request failed');
      send(res, problem);
      return;
    }
    logOf(res, logger).error({ err }, 'unexpected error');
    send(res, {
      status: ERROR_CODES.internal_error.status, code: 'internal_error', retryable: true, headers: {}, extensions: {}, errors: undefined,
      detail: `Something went wrong on the signing server. It was logged with request id ${requestIdOf(res)}; quote it when asking for help.`,
    });
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new NotFoundError('not_found', `No route for ${req.method} ${req.path}. See docs/server.md for the HTTP API.`));
};
