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

/** One JSON object per line on stdout, pino's shape (`level`, `time`, `msg`), for `main.ts`. */
export function jsonLineLogger(write: (line: string) => void): SandboxLogger {
  const at = (level: number) => (obj: object, msg?: string): void => {
    write(`${JSON.stringify({ level, time: Date.now(), name: 'sandbox', ...obj, msg })}\n`);
  };
  return { info: at(30), warn: at(40), error: at(50) };
}
