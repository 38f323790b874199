/**
 * One error hierarchy for the whole kit. Every error carries a stable string `code` that callers,
 * HTTP responses and docs rely on; the message says what happened, the likely cause and the fix.
 */
export interface KitErrorOptions {
  cause?: unknown;
  /** Extra, non-secret details that are safe to show to a developer (field names, limits). */
  details?: Record<string, unknown>;
}

export class KitError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: KitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }
}

/** Configuration or key material is unusable. Raised at startup, never mid-request. */
export class ConfigError extends KitError {}

/** A key could not be parsed or does not fit its purpose. */
export class KeyError extends ConfigError {}

/** A signature is missing, malformed or does not match. */
export class SignatureError extends KitError {
  /** The canonical source string; only present when the caller asked for debugging. */
  readonly sourceString: string | undefined;

  constructor(code: string, message: string, options: KitErrorOptions & { sourceString?: string } = {}) {
    super(code, message, options);
    this.sourceString = options.sourceString;
  }
}

/** One or more fields break LianLian's rules; `violations` lists every one of them. */
export class ValidationError extends KitError {
  readonly violations: readonly FieldViolation[];

  constructor(violations: readonly FieldViolation[], message?: string) {
    super(
      'invalid_fields',
      message ??
        `${violations.length} field(s) break LianLian's rules: ` +
          violations.map((v) => `${v.field} (${v.rule}): ${v.message}`).join('; '),
      { details: { violations } },
    );
    this.violations = violations;
  }
}

export interface FieldViolation {
  field: string;
  /** Stable rule id: `required`, `max_length`, `allowed_values`, `pattern`, `format`, `forbidden`, `unknown_field`,
   * `whitespace`, `null_value`. */
  rule: string;
  message: string;
}

/** A money string is not a CNY amount LianLian accepts. */
export class AmountError extends KitError {}

/** A LianLian timestamp string is malformed. */
export class TimestampError extends KitError {}

/** A callback body cannot be read into fields. */
export class CallbackParseError extends KitError {}
