import { dirname, isAbsolute, resolve } from 'node:path';
import type { ConfigProblem } from '../errors.js';

/** The process environment, or any map shaped like it (tests pass plain objects). */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads environment variables and collects every problem instead of stopping at the first, so a
 * bad configuration is reported in one go. Values are never copied into a problem: some are secrets.
 */
export class EnvReader {
  readonly problems: ConfigProblem[] = [];
  /** Where relative paths (key files, `sqlite:` databases) are resolved from: see `launchDir`. */
  readonly baseDir: string;

  constructor(private readonly env: Env, cwd: string = process.cwd()) {
    this.baseDir = launchDir(env, cwd);
  }

  /** A path variable (`*_FILE`), resolved to an absolute path from `baseDir`; undefined when unset. */
  path(name: string): string | undefined {
    const value = this.get(name);
    return value === undefined ? undefined : this.resolve(value);
  }

  resolve(path: string): string {
    return isAbsolute(path) ? path : resolve(this.baseDir, path);
  }

  /** The trimmed value, or undefined when unset or blank. */
  get(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  problem(name: string, expected: string, hint: string): void {
    this.problems.push({ name, expected, hint });
  }

  required(name: string, expected: string, hint: string): string | undefined {
    const value = this.get(name);
    if (value === undefined) this.problem(name, expected, `It is not set. ${hint}`);
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.get(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problem(name, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, `Default: "${fallback}".`);
    return fallback;
  }

  int(name: string, range: { min: number; max: number; fallback: number }): number {
    const value = this.get(name);
    if (value === undefined) return range.fallback;
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (Number.isSafeInteger(n) && n >= range.min && n <= range.max) return n;
    this.problem(name, `an integer from ${range.min} to ${range.max}`, `Default: ${range.fallback}.`);
    return range.fallback;
  }

  flag(name: string): boolean {
    const value = this.get(name)?.toLowerCase();
    if (value === undefined || value === '0' || value === 'false') return false;
    if (value === '1' || value === 'true') return true;
    this.problem(name, '"1"/"true" or "0"/"false"', 'Leave it unset to keep it off.');
    return false;
  }

  /** Comma-separated list, blanks dropped; undefined when unset. */
  list(name: string): string[] | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }

  /** An absolute http(s) URL; `https` when the mode demands it. */
  url(name: string, value: string | undefined, options: { https: boolean }): URL | undefined {
    if (value === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.problem(name, 'an absolute URL such as https://pay.shop.example', 'The value could not be parsed as a URL.');
      return undefined;
    }
    if (url.protocol !== 'https:' && (options.https || url.protocol !== 'http:')) {
      this.problem(
        name,
        options.https ? 'an https:// URL' : 'an http:// or https:// URL',
        options.https ? 'Live mode only talks to and publishes https URLs (LianLian requires TLS ≥ 1.2).' : 'Other schemes are not used by LianLian.',
      );
      return undefined;
    }
    return url;
  }
}

/** Strips trailing slashes so paths can be appended with a single `/`. */
export function withoutTrailingSlash(url: URL): string {
  return url.href.replace(/\/+$/, '');
}

/**
 * The folder the user ran the command in. `pnpm --filter <pkg> dev` and `npm run` change the working
 * directory to the package's folder, so `LIANLIAN_PRIVATE_KEY_FILE=merchant.pem` would be looked for
 * in `packages/server`; they leave the user's folder in `INIT_CWD`. It is used only while we run as
 * that package script (the working directory is the folder of `npm_package_json`), so a process
 * started by a script in another folder keeps its own working directory.
 */
export function launchDir(env: Env, cwd: string): string {
  const init = env.INIT_CWD?.trim();
  const pkg = env.npm_package_json?.trim();
  if (init && isAbsolute(init) && pkg && isAbsolute(pkg) && resolve(dirname(pkg)) === resolve(cwd)) return init;
  return cwd;
}
