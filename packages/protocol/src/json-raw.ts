import { CallbackParseError } from './errors.js';

/**
 * A top-level member of a JSON object as LianLian sent it. Strings are unescaped (LianLian signs the
 * value, not its JSON escaping); numbers, booleans, objects and arrays keep their exact source text,
 * because `String(JSON.parse(x))` can differ from what was signed (`1.10` → `1.1`, spec §2.2 note).
 */
export interface RawMember {
  key: string;
  kind: 'string' | 'raw' | 'null';
  /** The unescaped string, the raw source text, or `''` for null. */
  text: string;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const MAX_DEPTH = 64;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Reads a JSON text that must be one object; throws `callback_malformed_json` otherwise. */
export function readJsonObject(text: string): RawMember[] {
  const r = new Reader(text);
  r.skipWs();
  if (r.peek() !== '{') r.fail('expected a JSON object starting with "{"');
  const members: RawMember[] = [];
  r.object(0, (key, start, end) => {
    const first = text[start];
    if (first === '"') members.push({ key, kind: 'string', text: new Reader(text.slice(start, end)).string() });
    else if (text.startsWith('null', start)) members.push({ key, kind: 'null', text: '' });
    else members.push({ key, kind: 'raw', text: text.slice(start, end) });
  });
  r.skipWs();
  if (!r.done()) r.fail('unexpected text after the object');
  return members;
}

type Visit = (key: string, start: number, end: number) => void;

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  peek(): string | undefined {
    return this.s[this.i];
  }

  done(): boolean {
    return this.i >= this.s.length;
  }

  fail(what: string): never {
    throw new CallbackParseError(
      'callback_malformed_json',
      `The callback body is not valid JSON (${what} at character ${this.i}). It may be truncated, or in a charset other than the one declared.`,
    );
  }

  skipWs(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i] ?? '')) this.i++;
  }

  private expect(ch: string): void {
    if (this.s[this.i] !== ch) this.fail(`expected "${ch}"`);
    this.i++;
  }

  object(depth: number, visit?: Visit): void {
    this.items(depth, '{', '}', () => {
      const key = this.string();
      this.skipWs();
      this.expect(':');
      this.skipWs();
      const start = this.i;
      this.value(depth + 1);
      visit?.(key, start, this.i);
    });
  }

  private array(depth: number): void {
    this.items(depth, '[', ']', () => this.value(depth + 1));
  }

  /** `open`, then `item`s separated by commas (white space around each), then `close`. */
  private items(depth: number, open: string, close: string, item: () => void): void {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    this.expect(open);
    this.skipWs();
    if (this.peek() === close) return void this.i++;
    for (;;) {
      this.skipWs();
      item();
      this.skipWs();
      if (this.peek() === close) return void this.i++;
      this.expect(',');
    }
  }

  private value(depth: number): void {
    const c = this.peek();
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return void this.string();
    for (const lit of ['true', 'false', 'null']) {
      if (this.s.startsWith(lit, this.i)) return void (this.i += lit.length);
    }
    NUMBER.lastIndex = this.i;
    if (!NUMBER.test(this.s)) this.fail('expected a value');
    this.i = NUMBER.lastIndex;
  }

  string(): string {
    this.expect('"');
    let out = '';
    let from = this.i;
    for (;;) {
      const c = this.s.charCodeAt(this.i);
      if (Number.isNaN(c)) this.fail('unterminated string');
      if (c < 0x20) this.fail('control character in a string');
      if (c === 0x22) break;
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += this.s.slice(from, this.i) + this.escape();
      from = this.i;
    }
    out += this.s.slice(from, this.i);
    this.i++;
    return out;
  }

  private escape(): string {
    const e = this.s[this.i + 1] ?? '';
    this.i += 2;
    if (e === 'u') {
      const hex = this.s.slice(this.i, this.i + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
      this.i += 4;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const mapped = ESCAPES[e];
    if (mapped === undefined) this.fail('bad escape');
    return mapped;
  }
}
