import { afterEach, describe, expect, it, vi } from 'vitest';
import { devWarn, isDevMode } from './dev-mode.js';

/** Just what isDevMode and devWarn read of an element. */
function element(attributes: string[]): Element {
  return { localName: 'lianlian-checkout', hasAttribute: (name: string) => attributes.includes(name) } as unknown as Element;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('isDevMode', () => {
  it.each(['localhost', '127.0.0.1', '[::1]'])('is on for a page on %s', (hostname) => {
    vi.stubGlobal('location', { hostname });
    expect(isDevMode(element([]))).toBe(true);
  });

  it.each(['shop.example', 'localhost.shop.example', '127.0.0.2', '10.0.0.1'])('is off for a page on %s without the dev attribute', (hostname) => {
    vi.stubGlobal('location', { hostname });
    expect(isDevMode(element([]))).toBe(false);
  });

  it('is on anywhere with the dev attribute', () => {
    vi.stubGlobal('location', { hostname: 'shop.example' });
    expect(isDevMode(element(['dev']))).toBe(true);
  });
});

describe('devWarn', () => {
  it('warns with the tag name in development mode, and says nothing elsewhere', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.stubGlobal('location', { hostname: 'shop.example' });
    devWarn(element([]), 'amount="¥9.90" is malformed');
    expect(warn).not.toHaveBeenCalled();
    devWarn(element(['dev']), 'amount="¥9.90" is malformed');
    expect(warn.mock.calls).toEqual([['[lianlian-checkout] amount="¥9.90" is malformed']]);
  });
});
