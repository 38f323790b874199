/**
 * Runs async work one at a time per key, within this process: each call starts after every earlier
 * call with the same key has settled (resolved or thrown). Keys with nothing queued hold no memory.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** `fn` is told whether it had to wait for an earlier call with the same key. */
  run<T>(key: string, fn: (waited: boolean) => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(() => fn(true)) : fn(false);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work running or queued (for tests). */
  get size(): number {
    return this.tails.size;
  }
}
