/**
 * The slice of pino's API the sandbox uses, so a pino logger can be passed straight in. Callers
 * never log `sign`, keys or full card numbers; the default logger is silent (tests, embedding).
 */
export interface SandboxLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: SandboxLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Errors as pino's serializer shows them; JSON.stringify would print `{}`. */
const serialize = (_key: string, value: unknown): unknown =>
  value instanceof Error ? { type: value.name, message: value.message, stack: value.stack, code: (value as { code?: unknown }).code } : value;

/** One JSON object per line on stdout, pino's shape (`level`, `time`, `msg`), for `main.ts`. */
export function jsonLineLogger(write: (line: string) => void): SandboxLogger {
  const at = (level: number) => (obj: object, msg?: string): void => {
    write(`${JSON.stringify({ level, time: Date.now(), name: 'sandbox', ...obj, msg }, serialize)}\n`);
  };
  return { info: at(30), warn: at(40), error: at(50) };
}
