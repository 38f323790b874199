import { prettyFactory } from 'pino-pretty';
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

/**
 * The same lines made readable for a person (pino-pretty: time, level, message, then the fields),
 * for a terminal. `terminalLogger` picks it when the stream is a TTY and JSON lines otherwise.
 */
export function prettyLogger(write: (line: string) => void, options: { colorize?: boolean } = {}): SandboxLogger {
  const pretty = prettyFactory({ colorize: options.colorize ?? false, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', messageKey: 'msg' });
  return jsonLineLogger((line) => write(pretty(line)));
}

/** pino-pretty on a TTY, JSON lines otherwise (a file, a pipe, journald): what `lianlian-sandbox` and `pnpm start` use. */
export function terminalLogger(stream: { isTTY?: boolean; write(line: string): unknown }): SandboxLogger {
  const write = (line: string): void => { stream.write(line); };
  return stream.isTTY === true ? prettyLogger(write, { colorize: true }) : jsonLineLogger(write);
}
