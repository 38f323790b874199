import { ConfigError, ERROR_CODES, KitError, type ErrorCode, type ErrorCodeWithStatus, type KitErrorOptions } from '@lianlian-checkout/protocol';

/**
 * Errors that reach HTTP clients. Each carries a stable `code` from the protocol package's
 * registry (`ERROR_CODES`), which is the one place a code's HTTP status and title are set, as
 * stripe-node maps its error types; the single problem+json error handler turns them into RFC 9457
 * responses. Anything that is not an `HttpError` (or a protocol `KitError` the handler maps)
 * becomes a generic 500. Errors the domain raises are named by what happened (`TokenExpiredError`);
 * the status-named classes below serve the HTTP layer's own checks.
 */
export interface HttpErrorOptions extends KitErrorOptions {
  /** Whether the caller may retry the same request (the widget offers "retry" when true). */
  retryable?: boolean;
  /** Extra response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
}

export class HttpError extends KitError {
  declare readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: HttpErrorOptions = {}) {
    super(code, message, options);
    this.status = ERROR_CODES[code].status;
    this.retryable = options.retryable ?? false;
    this.headers = options.headers ?? {};
  }
}

/**
 * A base for the status-named classes: the caller picks the code, which must carry status `S`
 * in the registry.
 */
function statusError<S extends number>() {
  return class extends HttpError {
    constructor(code: ErrorCodeWithStatus<S>, message: string, options?: HttpErrorOptions) {
      super(code, message, options);
    }
  };
}

/**
 * A base for the domain classes: the code is the class's own, `defaults` (such as `retryable`)
 * apply unless the caller's options say otherwise. `name` is still the subclass's, as `KitError`
 * takes it from `new.target`.
 */
function codedError(code: ErrorCode, defaults: HttpErrorOptions = {}) {
  return class extends HttpError {
    constructor(message: string, options?: HttpErrorOptions) {
      super(code, message, { ...defaults, ...options });
    }
  };
}

/** 400: the request is malformed or breaks a field rule. */
export class BadRequestError extends statusError<400>() {}

/** 401: missing or wrong bearer token. */
export class UnauthorizedError extends HttpError {
  constructor(message = 'Send the shop API key as "Authorization: Bearer <SHOP_API_KEY>".') {
    super('unauthorized', message, { headers: { 'WWW-Authenticate': 'Bearer' } });
  }
}

/** 403: the caller may not do this (origin not allowed, product not enabled). */
export class ForbiddenError extends statusError<403>() {}

/** 404: no such route, order, token or file. */
export class NotFoundError extends statusError<404>() {}

/** 409: conflicts with existing state (duplicate no_order, idempotency key reuse, order already paid). */
export class OrderConflictError extends statusError<409>() {}

/** LianLian's pre-go-live per-customer limits refuse the payment. */
export class LimitExceededError extends codedError('limit_exceeded') {}

/** The page's element will not post to this product's gateway, so nothing is signed. */
export class GatewayNotAllowedError extends codedError('gateway_not_allowed') {}

/** The checkout token is past its `expires_at`: a new order brings a new one. */
export class TokenExpiredError extends codedError('token_expired') {}

/** No order carries this checkout token. */
export class TokenUnknownError extends codedError('token_unknown') {}

/** The order a refund names does not exist here. */
export class OrderNotFoundError extends codedError('order_not_found') {}

/** Only a paid order can be refunded. */
export class OrderNotRefundableError extends codedError('order_not_refundable') {}

/** The refunds of an order would add up to more than was paid. */
export class RefundExceedsAmountError extends codedError('refund_exceeds_amount') {}

/** A `no_refund` already names another refund. */
export class NoRefundConflictError extends codedError('no_refund_conflict') {}

/** LianLian did not give an answer to act on; the request may be retried as it was. */
export class LianLianUnavailableError extends codedError('lianlian_unavailable', { retryable: true }) {}

/**
 * LianLian refused a direct API call (ret_code 1008) because this server's egress IP is not on
 * the merchant's request-source allow-list; nothing was applied. Retrying is pointless until the
 * IP is registered.
 */
export class SourceNotRegisteredError extends HttpError {
  constructor(message: string, options?: HttpErrorOptions) {
    super('lianlian_source_not_registered', message, options);
  }
}

/** The server cannot serve yet (its ledger does not answer). */
export class NotReadyError extends codedError('not_ready', { retryable: true }) {}

/** 429: too many requests from one client address on a rate-limited route. */
export class RateLimitedError extends HttpError {
  /** `refusal` says what was limited, e.g. "Too many checkout requests from this address." */
  constructor(retryAfterSeconds: number, refusal: string) {
    super('rate_limited', `${refusal} Retry in ${retryAfterSeconds} s.`, {
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
