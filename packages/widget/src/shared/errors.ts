/** Codes worth trying again unless the server says otherwise (`retryable` in its problem). */
const RETRYABLE = new Set(['rate_limited', 'internal_error', 'network_error', 'timeout', 'unknown']);

export interface LianLianErrorInit {
  /** Stable code: a signing-server `code`, or a browser-side one (`network_error`, `timeout`, …). */
  code: string;
  /** For the developer, not the buyer: what happened and how to fix it. */
  detail: string;
  /** Whether trying again may succeed; by default from the code. */
  retryable?: boolean | undefined;
  /** The signing server's request id, to find its log line. */
  requestId?: string | undefined;
  /** Extension members of the server's problem (e.g. `limit` and `resets_at` for `limit_exceeded`). */
  extensions?: Readonly<Record<string, unknown>> | undefined;
  cause?: unknown;
}

/**
 * The one error type both elements throw internally; each element turns it into a state, a message
 * and a `lianlian-error` event.
 */
export class LianLianError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly requestId: string | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(init: LianLianErrorInit) {
    super(init.detail, { cause: init.cause });
    this.code = init.code;
    this.retryable = init.retryable ?? RETRYABLE.has(init.code);
    this.requestId = init.requestId;
    this.extensions = init.extensions ?? {};
  }
}

/** Anything thrown while checking out, as a LianLianError (a bug in our code becomes `unknown`). */
export function asLianLianError(error: unknown): LianLianError {
  return error instanceof LianLianError ? error : new LianLianError({ code: 'unknown', detail: String(error), cause: error });
}
