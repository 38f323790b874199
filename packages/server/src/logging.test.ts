import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { KitError, RISK_ITEM_PERSONAL_KEYS, SECRET_FIELDS } from '@lianlian-checkout/protocol';
import { CENSOR, createLogger, redactSensitive } from './logging.js';

function capture(): { lines: () => Record<string, unknown>[]; logger: ReturnType<typeof createLogger> } {
  const chunks: string[] = [];
  const destination = new Writable({ write: (chunk: Buffer, _enc, done) => (chunks.push(chunk.toString()), done()) });
  return {
    logger: createLogger({ level: 'debug', destination }),
    lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('redactSensitive', () => {
  it('censors sensitive keys at any depth, in objects and arrays, and leaves the input untouched', () => {
    const input = { no_order: 'N1', sign: 's', a: { b: { c: { d: { e: { card_no: '6222', keep: 1 } } } } }, list: [{ id_no: 'X' }, 'plain'] };
    const out = redactSensitive(input);
    expect(out).toEqual({ no_order: 'N1', sign: CENSOR, a: { b: { c: { d: { e: { card_no: CENSOR, keep: 1 } } } } }, list: [{ id_no: CENSOR }, 'plain'] });
    expect(input.sign).toBe('s');
    expect(input.a.b.c.d.e.card_no).toBe('6222');
    expect(input.list[0]).toEqual({ id_no: 'X' });
  });

  it('returns the same object when nothing is sensitive (no copy on the hot path)', () => {
    const entry = { requestId: 'r', method: 'POST', path: '/v1/checkout', status: 200, nested: { ms: 1 }, at: new Date(0) };
    expect(redactSensitive(entry)).toBe(entry);
  });

  it('keeps an error an error (prototype, message, code) while censoring its details', () => {
    const error = new KitError('bad', 'went wrong', { details: { token: 'tok_secret', field: 'amount' } });
    const out = redactSensitive({ err: error }).err;
    expect(out).toBeInstanceOf(KitError);
    expect(out.message).toBe('went wrong');
    expect(out.code).toBe('bad');
    expect(out.details).toEqual({ token: CENSOR, field: 'amount' });
    expect(error.details).toEqual({ token: 'tok_secret', field: 'amount' });
  });

  it('censors every field the protocol marks secret (no_agree included), the personal risk_item keys and a raw canonical string', () => {
    const names = [...SECRET_FIELDS, ...RISK_ITEM_PERSONAL_KEYS, 'sourceString'];
    expect(names).toContain('no_agree');
    const out = redactSensitive({ fields: Object.fromEntries(names.map((n) => [n, 'personal'])) });
    expect(Object.values(out.fields)).toEqual(names.map(() => CENSOR));
  });

  it('cuts what a caller chooses (no_order, address, path, detail) to a short length, wherever it appears', () => {
    const long = 'N'.repeat(10_000);
    const out = redactSensitive({ no_order: long, ip: long, nested: { path: `/v1/orders/${long}`, detail: long }, count: 3, note: 'ours' });
    expect(out.no_order).toBe(`${'N'.repeat(64)}…[9936 more]`);
    expect(out.ip.length).toBeLessThan(90);
    expect(out.nested.path.length).toBeLessThan(230);
    expect(out.nested.detail.length).toBeLessThan(330);
    expect(out).toMatchObject({ count: 3, note: 'ours' });
    const short = { no_order: 'LL20260315', path: '/v1/orders/LL20260315' };
    expect(redactSensitive(short)).toBe(short);
    // Names of Object.prototype members are fields like any other, never limits.
    expect(redactSensitive({ toString: long }).toString).toBe(long);
  });

  it('keeps a field named __proto__ a field, and stops at a cycle', () => {
    const hostile = JSON.parse('{"__proto__": {"sign": "s"}, "x": 1}') as Record<string, unknown>;
    const out = redactSensitive(hostile);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ sign: CENSOR });
    const cyclic: Record<string, unknown> = { secret: 'x' };
    cyclic.self = cyclic;
    expect((redactSensitive(cyclic) as { secret: string }).secret).toBe(CENSOR);
  });
});

describe('createLogger', () => {
  it('writes censored fields, bindings and errors, and plain lines as they are', () => {
    const { logger, lines } = capture();
    logger.info({ requestId: 'r1', path: '/v1/checkout', status: 200 }, 'request');
    logger.child({ authorization: 'Bearer k' }).warn({ fields: { sign: 'abc', money_order: '0.01' } }, 'rejected');
    logger.error({ err: new KitError('boom', 'failed', { details: { card_no: '6222020000000000018' } }) }, 'failed');
    const [plain, child, error] = lines();
    expect(plain).toMatchObject({ requestId: 'r1', path: '/v1/checkout', status: 200, msg: 'request', service: 'lianlian-checkout', level: 'info' });
    expect(child).toMatchObject({ authorization: CENSOR, fields: { sign: CENSOR, money_order: '0.01' } });
    expect(error.err).toMatchObject({ type: 'KitError', message: 'failed', details: { card_no: CENSOR } });
    expect(JSON.stringify(lines())).not.toContain('6222020000000000018');
  });

  it('cuts a caller-chosen field once, keeping the count of what was cut', () => {
    const { logger, lines } = capture();
    logger.warn({ no_order: 'X'.repeat(5000) }, 'notify rejected');
    logger.child({ no_order: 'Y'.repeat(100) }).info('bound');
    const [line, bound] = lines();
    expect(line?.no_order).toBe(`${'X'.repeat(64)}…[4936 more]`);
    expect(bound?.no_order).toBe(`${'Y'.repeat(64)}…[36 more]`);
  });
});

describe('createLogger writing to a file descriptor or path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llc-log-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const read = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { msg: string }).msg);

  it('holds info lines briefly and writes them, in order, with the next warning', () => {
    const file = join(dir, 'warn.log');
    const logger = createLogger({ level: 'info', destination: file, flushIntervalMs: 60_000 });
    logger.info('one');
    logger.info('two');
    expect(read(file)).toEqual([]);
    logger.warn('three');
    expect(read(file)).toEqual(['one', 'two', 'three']);
    logger.error('four');
    expect(read(file)).toEqual(['one', 'two', 'three', 'four']);
  });

  it('writes held lines when the flush interval ends, and every line at once with 0', () => {
    // The periodic flush is an interval in this process: fake timers move it instead of waiting.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const timed = join(dir, 'timed.log');
    try {
      createLogger({ level: 'info', destination: timed, flushIntervalMs: 50 }).info('later');
      vi.advanceTimersByTime(49);
      expect(read(timed)).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(read(timed)).toEqual(['later']);
    } finally {
      vi.useRealTimers();
    }
    const direct = join(dir, 'direct.log');
    createLogger({ level: 'info', destination: direct, flushIntervalMs: 0 }).info('now');
    expect(read(direct)).toEqual(['now']);
  });

  it('installs no exit hook: held lines are lost at exit unless the owner calls flushLogSync, which writes them', () => {
    const logging = fileURLToPath(new URL('./logging.ts', import.meta.url));
    const run = (file: string, flush: boolean): void => {
      const script = `const { createLogger, flushLogSync } = await import(${JSON.stringify(logging)}); ` +
        `const exitHooks = process.listenerCount('exit'); ` +
        `const l = createLogger({ level: 'info', destination: ${JSON.stringify(file)}, flushIntervalMs: 60000 }); ` +
        `if (process.listenerCount('exit') !== exitHooks) process.exit(3); ` +
        `l.info('a'); l.child({ requestId: 'r' }).info('b'); ${flush ? 'flushLogSync(l); ' : ''}process.exit(0);`;
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'pipe' });
    };
    const unflushed = join(dir, 'unflushed.log');
    run(unflushed, false);
    expect(read(unflushed)).toEqual([]);
    const flushed = join(dir, 'flushed.log');
    run(flushed, true);
    expect(read(flushed)).toEqual(['a', 'b']);
  });
});
