import type { Scheduler } from '../../src/index.js';

/** A task the notifier scheduled: its delay, and whether it has run or was cancelled. */
export interface Timer {
  readonly ms: number;
  readonly state: 'pending' | 'fired' | 'cancelled';
  /** Runs the task now, as if `ms` had passed. */
  fire(): void;
}

/**
 * A scheduler the test drives: nothing runs until the test fires it, so a 2-minute retry interval
 * or a 5-second answer timeout is checked by its delay, never by waiting for it. `autoFire` lists
 * delays that run at once (on the next turn of the event loop), e.g. `[0]` for first attempts.
 */
export class ManualTimers {
  readonly all: Timer[] = [];
  private waiters: (() => void)[] = [];

  constructor(private readonly autoFire: readonly number[] = []) {}

  readonly scheduler: Scheduler = (task, ms) => {
    let state: Timer['state'] = 'pending';
    const timer: Timer = {
      ms,
      get state() { return state; },
      fire: () => {
        if (state !== 'pending') throw new Error(`a ${ms} ms timer that is ${state} cannot fire`);
        state = 'fired';
        task();
      },
    };
    this.all.push(timer);
    for (const wake of this.waiters.splice(0)) wake();
    if (this.autoFire.includes(ms)) setImmediate(() => { if (state === 'pending') timer.fire(); });
    return () => { if (state === 'pending') state = 'cancelled'; };
  };

  /** Pending timers of `ms` milliseconds. */
  pending(ms: number): Timer[] {
    return this.all.filter((t) => t.ms === ms && t.state === 'pending');
  }

  /** The next pending timer of `ms` milliseconds, as soon as the notifier schedules it. */
  async next(ms: number): Promise<Timer> {
    for (;;) {
      const [timer] = this.pending(ms);
      if (timer) return timer;
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }
}
