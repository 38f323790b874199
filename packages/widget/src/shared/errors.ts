/** Codes worth trying again unless the server says otherwise (`retryable` in its problem). */
const RETRYABLE = new Set(['rate_limited', 'internal_error', 'network_error', 'timeout', 'unknown']);

export interface CheckoutErrorInit {
  /** Stable code: a signing-server `code`, or a browser-side one (`network_error`, `timeout`, …). */
  code: string;
  /** For the developer, not the buyer: what happened and how to fix it. */
  detail: string;
  /** Whether trying again may succeed; by default from the code. */
  retryable?: boolean | undefined;
  /** The signing server's request id, to find its log line. */
  requestId?: string | undefined;
  cause?: unknown;
}

/** The one error type the widget throws; the element turns it into a state, a message and an event. */
export class CheckoutError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly requestId: string | undefined;

  constructor(init: CheckoutErrorInit) {
    super(init.detail, { cause: init.cause });
    this.code = init.code;
    this.retryable = init.retryable ?? RETRYABLE.has(init.code);
    this.requestId = init.requestId;
  }
}

/** Anything thrown while checking out, as a CheckoutError (a bug in our code becomes `unknown`). */
export function asCheckoutError(error: unknown): CheckoutError {
  return error instanceof CheckoutError ? error : new CheckoutError({ code: 'unknown', detail: String(error), cause: error });
}
