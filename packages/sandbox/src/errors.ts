/**
 * The sandbox's one error hierarchy. `SandboxError` carries a stable string `code` for the control
 * API and logs; `LianLianRefusal` is how LianLian says no: a `ret_code`/`ret_msg` pair (spec §7)
 * shown on the hosted error page or returned by the server APIs.
 */
export interface SandboxErrorOptions {
  cause?: unknown;
  /** HTTP status for the control API; LianLian's own paths always answer 200 (see errors router). */
  status?: number;
}

export class SandboxError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, options: SandboxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? 400;
  }
}

/** The sandbox's own configuration (env, merchant list, keys) is unusable. */
export class SandboxConfigError extends SandboxError {}

/** A control-API call names something that does not exist. */
export class NotFoundError extends SandboxError {
  constructor(code: string, message: string) {
    super(code, message, { status: 404 });
  }
}

/** LianLian rejected the request: `retCode`/`retMsg` are exactly what LianLian would answer. */
export class LianLianRefusal extends SandboxError {
  readonly retCode: string;
  readonly retMsg: string;
  /** The offending field for 1004-style refusals, so tests and the page can name it. */
  readonly field: string | undefined;

  constructor(retCode: string, retMsg: string, detail: string, field?: string) {
    super(`lianlian_${retCode}`, detail, { status: 200 });
    this.retCode = retCode;
    this.retMsg = retMsg;
    this.field = field;
  }
}
