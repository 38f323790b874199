import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyed-lock.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('KeyedLock', () => {
  it('runs calls with one key one after another, other keys alongside, and forgets idle keys', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name}>`);
      await tick();
      log.push(`<${name}`);
      return name;
    };
    const waited: boolean[] = [];
    const noting = (name: string) => (w: boolean) => (waited.push(w), job(name)());
    const results = await Promise.all([lock.run('a', noting('a1')), lock.run('a', noting('a2')), lock.run('b', noting('b1'))]);
    expect(waited).toEqual([false, false, true]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('<a1')).toBeLessThan(log.indexOf('a2>'));
    expect(log.indexOf('b1>')).toBeLessThan(log.indexOf('<a1'));
    await tick();
    expect(lock.size).toBe(0);
  });

  it('keeps going after a failure, which reaches only its own caller', async () => {
    const lock = new KeyedLock();
    const failed = lock.run('k', () => Promise.reject(new Error('boom')));
    const next = lock.run('k', () => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
