import { readFileSync } from 'node:fs';
import { ERROR_CODES } from '@lianlian-checkout/protocol';
import { describe, expect, it } from 'vitest';

/** `code → status` as docs/server.md's "Error codes" table lists them (a row may name several codes). */
function documentedCodes(): Map<string, number> {
  const doc = readFileSync(new URL('../../../../docs/server.md', import.meta.url), 'utf8');
  const section = doc.split('\n## Error codes\n')[1]?.split('\n## ')[0] ?? '';
  const out = new Map<string, number>();
  for (const row of section.split('\n').filter((l) => /^\| `/.test(l))) {
    const [codes = '', status = ''] = row.split('|').slice(1).map((cell) => cell.trim());
    for (const [, code] of codes.matchAll(/`([a-z_]+)`/g)) {
      expect(out.has(code ?? ''), `${code ?? ''} is documented twice`).toBe(false);
      out.set(code ?? '', Number(status));
    }
  }
  return out;
}

describe('the error registry', () => {
  it('is what docs/server.md documents: every code, with its status, and no other', () => {
    const documented = documentedCodes();
    const registered = new Map(Object.entries(ERROR_CODES).map(([code, { status }]) => [code, status]));
    expect([...documented.keys()].sort()).toEqual([...registered.keys()].sort());
    for (const [code, status] of registered) expect(documented.get(code), code).toBe(status);
  });

  it('gives every code a title and an HTTP error status', () => {
    for (const [code, { status, title }] of Object.entries(ERROR_CODES)) {
      expect(title.trim(), code).not.toBe('');
      expect(status >= 400 && status < 600, code).toBe(true);
    }
  });
});
