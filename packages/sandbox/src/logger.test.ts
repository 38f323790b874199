import { describe, expect, it } from 'vitest';
import { terminalLogger } from './logger.js';

function capture(isTTY: boolean): { lines: string[]; stream: { isTTY: boolean; write(line: string): boolean } } {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (line: string) => lines.push(line) > 0 } };
}

describe('terminalLogger', () => {
  it('writes one JSON object per line when stdout is not a terminal', () => {
    const out = capture(false);
    terminalLogger(out.stream).warn({ no_order: 'A1', attempt: 2 }, 'notification failed');
    expect(out.lines).toHaveLength(1);
    expect(JSON.parse(out.lines[0] ?? '')).toMatchObject({ level: 40, name: 'sandbox', no_order: 'A1', attempt: 2, msg: 'notification failed' });
  });

  it('writes readable lines (time, level, message, fields) on a terminal', () => {
    const out = capture(true);
    terminalLogger(out.stream).info({ no_order: 'A1' }, 'order paid');
    // eslint-disable-next-line no-control-regex
    const text = (out.lines[0] ?? '').replace(/\x1b\[[0-9;]*m/g, '');
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO \(sandbox\): order paid\n\s+no_order: "A1"\n$/);
    expect(() => { JSON.parse(out.lines[0] ?? ''); }).toThrow();
  });
});
