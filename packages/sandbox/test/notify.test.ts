import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RETRIES, RETRY_INTERVAL_MS } from '../src/callbacks/notifier.js';
import { control, openCashier, postForm, startReceiver, startSandbox, waitFor, webFields, type Harness } from './helpers.js';

interface Attempt { attempt: number; ok: boolean; status: number | null; answer: string; latency_ms: number; at: string; error?: string }

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function setup(script: Parameters<typeof startReceiver>[0], timeScale: number): Promise<{ h: Harness; receiver: Awaited<ReturnType<typeof startReceiver>> }> {
  const h = await startSandbox({ timeScale });
  const receiver = await startReceiver(script);
  cleanup.push(() => h.close(), () => receiver.close());
  return { h, receiver };
}

async function payWeb(h: Harness, notifyUrl: string): Promise<string> {
  const fields = webFields({ notify_url: notifyUrl });
  await postForm(`${await openCashier(h.base, '/payment/bankgateway.htm', fields)}/pay`, { bank_code: '01020000' });
  return fields.no_order;
}

const attempts = async (h: Harness, noOrder: string): Promise<Attempt[]> =>
  (await control<Attempt[]>(h.base, 'GET', `/notifications?no_order=${noOrder}`)).json;

describe('notification retry schedule (spec §5) at a compressed time scale', () => {
  it('resends up to 30 times, 2 min × timeScale apart, while the answer is not 0000, then stops', async () => {
    const scale = 0.0005; // 2 minutes → 60 ms
    const { h, receiver } = await setup(() => ({ body: '{"ret_code":"9999","ret_msg":"交易失败"}' }), scale);
    const noOrder = await payWeb(h, receiver.url);
    const all = await waitFor(async () => { const a = await attempts(h, noOrder); return a.length === MAX_RETRIES + 1 && a; }, 15_000);
    expect(all.map((a) => a.attempt)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(all.every((a) => !a.ok && a.status === 200 && a.answer.includes('9999'))).toBe(true);
    const gaps = receiver.hits.slice(1).map((hit, i) => hit.at - receiver.hits[i].at);
    const interval = RETRY_INTERVAL_MS * scale;
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(interval - 5);
    await new Promise((r) => setTimeout(r, interval * 4));
    expect(receiver.hits).toHaveLength(31);
  });

  it('stops at the first 0000 answer', async () => {
    const { h, receiver } = await setup((n) => (n < 3 ? { status: 500, body: 'oops' } : {}), 0.001);
    const noOrder = await payWeb(h, receiver.url);
    const all = await waitFor(async () => { const a = await attempts(h, noOrder); return a.some((x) => x.ok) && a; });
    expect(all.map((a) => [a.attempt, a.ok, a.status])).toEqual([[1, false, 500], [2, false, 500], [3, true, 200]]);
    await new Promise((r) => setTimeout(r, 400));
    expect(receiver.hits).toHaveLength(3);
  });

  it("accepts the PHP demos' single-quoted {'ret_code':'0000'} answer; a 0000 in an HTTP error is a failure", async () => {
    const { h, receiver } = await setup((n) => (n === 1 ? { status: 503, body: '{"ret_code":"0000"}' } : { body: "{'ret_code':'0000','ret_msg':'交易成功'}" }), 0.001);
    const noOrder = await payWeb(h, receiver.url);
    const all = await waitFor(async () => { const a = await attempts(h, noOrder); return a.some((x) => x.ok) && a; });
    expect(all.map((a) => a.ok)).toEqual([false, true]);
  });

  it('counts an unreachable notify_url as a failed attempt and retries', async () => {
    const h = await startSandbox({ timeScale: 0.001 });
    cleanup.push(() => h.close());
    const noOrder = await payWeb(h, 'http://127.0.0.1:9/llpay/notify');
    const all = await waitFor(async () => { const a = await attempts(h, noOrder); return a.length >= 2 && a; });
    expect(all[0]).toMatchObject({ ok: false, status: null });
    expect(all[0].error).toMatch(/network error/);
  });

  it('close() stops pending retries', async () => {
    const { h, receiver } = await setup(() => ({ body: '{"ret_code":"9999"}' }), 0.002);
    await payWeb(h, receiver.url);
    await waitFor(() => receiver.hits.length >= 1);
    await h.sandbox.close();
    const seen = receiver.hits.length;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(receiver.hits.length).toBeLessThanOrEqual(seen + 1);
  });
});
