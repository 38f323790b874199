import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RETRIES, NOTIFY_TIMEOUT_MS, RETRY_INTERVAL_MS } from '../src/callbacks/notifier.js';
import { attemptsUntil, payWeb, startReceiver, startSandbox, waitFor, type Harness, type Receiver } from './support/sandbox.js';
import { ManualTimers } from './support/timers.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** A sandbox whose retries and answer timeouts the test fires; first attempts go out at once. */
async function setup(script: Parameters<typeof startReceiver>[0], timeScale = 1): Promise<{ h: Harness; receiver: Receiver; timers: ManualTimers }> {
  const timers = new ManualTimers([0]);
  const h = await startSandbox({ timeScale, scheduler: timers.scheduler });
  const receiver = await startReceiver(script);
  cleanup.push(() => h.close(), () => receiver.close());
  return { h, receiver, timers };
}

describe('notification retry schedule (spec §5), on timers the test fires', () => {
  it('resends up to 30 times, 2 min × timeScale apart, while the answer is not 0000, then stops', async () => {
    const scale = 0.5;
    const { h, receiver, timers } = await setup(() => ({ body: '{"ret_code":"9999","ret_msg":"交易失败"}' }), scale);
    const noOrder = await payWeb(h.base, receiver.url);
    for (let retry = 1; retry <= MAX_RETRIES; retry += 1) (await timers.next(RETRY_INTERVAL_MS * scale)).fire();
    const all = await attemptsUntil(h.base, noOrder, (a) => a.length === MAX_RETRIES + 1);
    expect(all.map((a) => a.attempt)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(all.every((a) => !a.ok && a.status === 200 && a.answer.includes('9999'))).toBe(true);
    expect(receiver.hits).toHaveLength(31);
    expect(timers.all.filter((t) => t.ms !== 0 && t.ms !== NOTIFY_TIMEOUT_MS).map((t) => t.ms)).toEqual(Array(30).fill(RETRY_INTERVAL_MS * scale));
    expect(timers.pending(RETRY_INTERVAL_MS * scale)).toEqual([]);
  });

  it('stops at the first 0000 answer', async () => {
    const { h, receiver, timers } = await setup((n) => (n < 3 ? { status: 500, body: 'oops' } : {}));
    const noOrder = await payWeb(h.base, receiver.url);
    for (let retry = 1; retry <= 2; retry += 1) (await timers.next(RETRY_INTERVAL_MS)).fire();
    const all = await attemptsUntil(h.base, noOrder, (a) => a.some((x) => x.ok));
    expect(all.map((a) => [a.attempt, a.ok, a.status])).toEqual([[1, false, 500], [2, false, 500], [3, true, 200]]);
    expect(timers.pending(RETRY_INTERVAL_MS)).toEqual([]);
    expect(receiver.hits).toHaveLength(3);
  });

  it("accepts the PHP demos' single-quoted {'ret_code':'0000'} answer; a 0000 in an HTTP error is a failure", async () => {
    const { h, receiver, timers } = await setup((n) => (n === 1 ? { status: 503, body: '{"ret_code":"0000"}' } : { body: "{'ret_code':'0000','ret_msg':'交易成功'}" }));
    const noOrder = await payWeb(h.base, receiver.url);
    (await timers.next(RETRY_INTERVAL_MS)).fire();
    const all = await attemptsUntil(h.base, noOrder, (a) => a.some((x) => x.ok));
    expect(all.map((a) => a.ok)).toEqual([false, true]);
  });

  it('counts an unreachable notify_url as a failed attempt and retries', async () => {
    const timers = new ManualTimers([0]);
    const h = await startSandbox({ timeScale: 1, scheduler: timers.scheduler });
    cleanup.push(() => h.close());
    const noOrder = await payWeb(h.base, 'http://127.0.0.1:9/llpay/notify');
    (await timers.next(RETRY_INTERVAL_MS)).fire();
    const all = await attemptsUntil(h.base, noOrder, (a) => a.length >= 2);
    expect(all[0]).toMatchObject({ ok: false, status: null });
    expect(all[0].error).toMatch(/network error/);
  });

  it('an answer that takes longer than 5 s counts as failed, and the notification is sent again', async () => {
    let answerFirst = (): void => undefined;
    const held = new Promise<void>((resolve) => { answerFirst = resolve; });
    const { h, receiver, timers } = await setup((n) => (n === 1 ? { hold: held } : {}));
    const noOrder = await payWeb(h.base, receiver.url);
    await waitFor(() => receiver.hits.length === 1);
    (await timers.next(NOTIFY_TIMEOUT_MS)).fire();
    (await timers.next(RETRY_INTERVAL_MS)).fire();
    const all = await attemptsUntil(h.base, noOrder, (a) => a.some((x) => x.ok));
    answerFirst();
    expect(all.map((a) => [a.attempt, a.ok])).toEqual([[1, false], [2, true]]);
    expect(all[0].error).toBe(`no answer within ${NOTIFY_TIMEOUT_MS} ms (LianLian counts it as failed)`);
  });

  it('close() cancels the pending retry', async () => {
    const { h, receiver, timers } = await setup(() => ({ body: '{"ret_code":"9999"}' }));
    await payWeb(h.base, receiver.url);
    const retry = await timers.next(RETRY_INTERVAL_MS);
    await h.sandbox.close();
    expect(retry.state).toBe('cancelled');
    expect(receiver.hits).toHaveLength(1);
  });
});
