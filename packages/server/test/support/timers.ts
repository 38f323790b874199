import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Fakes `setTimeout`/`clearTimeout` around each test of the enclosing `describe`: the code's own
 * timers in this process (drain deadline, worker intervals) move when the test moves them, with
 * `vi.advanceTimersByTimeAsync`, instead of the test waiting for them. Sockets and I/O stay real.
 */
export function useFakeTimeouts(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
