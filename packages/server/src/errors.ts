import { ConfigError, KitError, type KitErrorOptions } from '@lianlian-checkout/protocol';

/**
 * Errors that reach HTTP clients. Each carries the HTTP status and a stable `code`; the single
 * problem+json error handler turns them into RFC 9457 responses. Anything that is not an
 * `HttpError` (or a protocol `KitError` the handler maps) becomes a generic 500.
 */
export interface HttpErrorOptions extends KitErrorOptions {
  /** Whether the caller may retry the same request (the widget offers "retry" when true). */
  retryable?: boolean;
  /** Extra response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
}

export class HttpError extends KitError {
  readonly status: number;
  readonly retryable: boolean;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, options: HttpErrorOptions = {}) {
    super(code, message, options);
    this.status = status;
    this.retryable = options.retryable ?? false;
    this.headers = options.headers ?? {};
  }
}

/** 400: the request is malformed or breaks a field rule. */
export class BadRequestError extends HttpError {
  constructor(code: string, message: string, options?: HttpErrorOptions) {
    super(400, code, message, options);
  }
}

/** 401: missing or wrong bearer token. */
export class UnauthorizedError extends HttpError {
  constructor(message = 'Send the shop API key as "Authorization: Bearer <SHOP_API_KEY>".') {
    super(401, 'unauthorized', message, { headers: { 'WWW-Authenticate': 'Bearer' } });
  }
}

/** 403: the caller may not do this (origin not allowed, product not enabled). */
export class ForbiddenError extends HttpError {
  constructor(code: string, message: string, options?: HttpErrorOptions) {
    super(403, code, message, options);
  }
}

/** 404: unknown order or token. */
export class NotFoundError extends HttpError {
  constructor(code: string, message: string, options?: HttpErrorOptions) {
    super(404, code, message, options);
  }
}

/** 409: conflicts with existing state (duplicate no_order, idempotency key reuse, order already paid). */
export class OrderConflictError extends HttpError {
  constructor(code: string, message: string, options?: HttpErrorOptions) {
    super(409, code, message, options);
  }
}

/** 422/403-style refusal of LianLian's pre-go-live per-customer limits. */
export class LimitExceededError extends HttpError {
  constructor(message: string, options?: HttpErrorOptions) {
    super(422, 'limit_exceeded', message, options);
  }
}

/** 410: the thing existed but is no longer usable (an expired checkout token). */
export class GoneError extends HttpError {
  constructor(code: string, message: string, options?: HttpErrorOptions) {
    super(410, code, message, options);
  }
}

/** 429: too many requests from one client address on a rate-limited route. */
export class RateLimitedError extends HttpError {
  /** `refusal` says what was limited, e.g. "Too many checkout requests from this address." */
  constructor(retryAfterSeconds: number, refusal: string) {
    super(429, 'rate_limited', `${refusal} Retry in ${retryAfterSeconds} s.`, {
      retryable: true,
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

/** One configuration problem: the variable, what was expected, how to fix it. Never the value. */
export interface ConfigProblem {
  name: string;
  expected: string;
  hint: string;
}

/** Every configuration problem found at startup, reported at once. */
export class InvalidConfigError extends ConfigError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(
      'invalid_config',
      `${problems.length} configuration problem(s):\n` +
        problems.map((p) => `  - ${p.name}: expected ${p.expected}. ${p.hint}`).join('\n'),
      { details: { problems } },
    );
    this.problems = problems;
  }
}
