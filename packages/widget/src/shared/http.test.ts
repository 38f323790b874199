import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchJson } from './http.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchJson', () => {
  it("keeps the problem's extension members, e.g. which limit and when it resets", async () => {
    const problem = {
      type: 'https://pay.example/problems/limit_exceeded',
      title: 'Limit exceeded',
      status: 422,
      code: 'limit_exceeded',
      detail: 'The per-day limit …',
      requestId: 'req-1',
      limit: 'per_day',
      resets_at: '2026-03-15T00:00:00+08:00',
      limit_amount: '50.00',
      remaining: '20.00',
    };
    vi.stubGlobal('fetch', () => Promise.resolve(new Response(JSON.stringify(problem), { status: 422, headers: { 'content-type': 'application/problem+json' } })));
    const failure = fetchJson({ url: 'https://pay.example/v1/checkout', init: {}, timeoutMs: 1000, signal: new AbortController().signal });
    await expect(failure).rejects.toMatchObject({
      code: 'limit_exceeded',
      retryable: false,
      requestId: 'req-1',
      extensions: expect.objectContaining({ limit: 'per_day', resets_at: '2026-03-15T00:00:00+08:00', remaining: '20.00' }) as unknown,
    });
  });
});
