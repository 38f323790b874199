import { beforeEach, describe, expect, it } from 'vitest';
import { RETRY_INTERVAL_MS } from '../src/callbacks/notifier.js';
import { beijingStamp } from '../src/lianlian/time.js';
import { control, openCashier, postForm, returnForm, signed, useSandboxAndReceiver, verifiesAsLianLian, waitFor, webFields, type Answer } from './support/sandbox.js';
import { ManualTimers } from './support/timers.js';

interface Attempt { no_order: string; kind: string; attempt: number; copy: number; ok: boolean; error?: string; content_type: string; faults: string[] }

// First attempts go out at once; retries and answer timeouts wait for the test to fire them.
const timers = new ManualTimers([0]);
let answer: (n: number) => Answer = () => ({});
const t = useSandboxAndReceiver({ timeScale: 1, scheduler: timers.scheduler }, (n) => answer(n));
beforeEach(async () => {
  await control(t.h.base, 'POST', '/reset', {});
  t.receiver.hits.length = 0;
  answer = () => ({});
});

/** Every answer waits until the test calls `release(n)` for the n-th request (1-based). */
function holdAnswers(): { release(n: number): void } {
  const gates: (() => void)[] = [];
  const opened = new Set<number>();
  answer = (n) => ({ hold: new Promise<void>((resolve) => { gates[n] = resolve; if (opened.has(n)) resolve(); }) });
  return { release: (n) => { opened.add(n); gates[n]?.(); } };
}

async function pay(overrides: Record<string, string> = {}): Promise<{ fields: Record<string, string>; page: string }> {
  const fields = webFields({ notify_url: t.receiver.url, ...overrides });
  const page = await (await postForm(`${await openCashier(t.h.base, '/payment/bankgateway.htm', fields)}/pay`, { bank_code: '01020000' })).text();
  return { fields, page };
}

const fault = async (body: Record<string, unknown>): Promise<void> => {
  expect((await control(t.h.base, 'POST', '/faults', body)).status).toBe(201);
};
const attemptsOf = async (noOrder: string): Promise<Attempt[]> => (await control<Attempt[]>(t.h.base, 'GET', `/notifications?no_order=${noOrder}`)).json;
const hitsFor = (noOrder: string) => t.receiver.hits.filter((x) => x.body.includes(noOrder));

describe('faults on demand, observed through the control API', () => {
  it('duplicate_notify ×3, one after another: each copy is sent once the previous one is answered', async () => {
    await fault({ kind: 'duplicate_notify', count: 3 });
    const gate = holdAnswers();
    const { fields } = await pay();
    for (let copy = 1; copy <= 3; copy += 1) {
      await waitFor(() => hitsFor(fields.no_order).length === copy);
      gate.release(copy);
    }
    expect(hitsFor(fields.no_order).map((hit) => hit.inFlight)).toEqual([0, 0, 0]);
    const all = await waitFor(async () => { const a = await attemptsOf(fields.no_order); return a.length === 3 && a; });
    expect(all.map((a) => a.copy)).toEqual([1, 2, 3]);
  });

  it('duplicate_notify ×3 concurrently: all three arrive before any is answered', async () => {
    await fault({ kind: 'duplicate_notify', count: 3, concurrent: true });
    const gate = holdAnswers();
    const { fields } = await pay();
    await waitFor(() => hitsFor(fields.no_order).length === 3);
    expect(hitsFor(fields.no_order).map((hit) => hit.inFlight)).toEqual([0, 1, 2]);
    for (let copy = 1; copy <= 3; copy += 1) gate.release(copy);
    await waitFor(async () => (await attemptsOf(fields.no_order)).length === 3);
  });

  it('delay_notify holds the first attempt back by delay_ms', async () => {
    await fault({ kind: 'delay_notify', delay_ms: 400 });
    const { fields } = await pay();
    const first = await timers.next(400);
    expect(hitsFor(fields.no_order)).toHaveLength(0);
    first.fire();
    await waitFor(() => hitsFor(fields.no_order).length === 1);
  });

  it('drop_notify for one order only: recorded as dropped, nothing sent; other orders unaffected', async () => {
    const dropped = webFields().no_order;
    await fault({ kind: 'drop_notify', no_order: dropped });
    await pay({ no_order: dropped });
    const { fields: other } = await pay();
    await waitFor(() => hitsFor(other.no_order).length > 0);
    expect(hitsFor(dropped)).toHaveLength(0);
    expect(await attemptsOf(dropped)).toMatchObject([{ ok: false, error: 'dropped by drop_notify fault', faults: ['drop_notify'] }]);
  });

  it('drop_return: paid page without the return form; the notification still goes out', async () => {
    await fault({ kind: 'drop_return' });
    const { fields, page } = await pay();
    expect(page).toContain('data-testid="sandbox-paid"');
    expect(returnForm(page)).toBeUndefined();
    await waitFor(() => hitsFor(fields.no_order).length > 0);
  });

  it.each([
    ['bad_signature', 'real fields, a signature that does not verify', '0.01', false],
    ['tampered_amount', 'money_order changed and validly signed, so only an amount check catches it', '1.01', true],
  ] as const)('%s: %s', async (kind, _what, money, verifies) => {
    await fault({ kind });
    const { fields } = await pay();
    const [hit] = await waitFor(() => hitsFor(fields.no_order).length > 0 && hitsFor(fields.no_order));
    const body = JSON.parse(hit.body) as Record<string, string>;
    expect(body.money_order).toBe(money);
    expect(verifiesAsLianLian(body)).toBe(verifies);
  });

  it.each([
    ['application/json', 'application/json;charset=utf-8', (b: string) => JSON.parse(b) as Record<string, string>],
    ['form', 'application/x-www-form-urlencoded;charset=utf-8', (b: string) => Object.fromEntries(new URLSearchParams(b))],
  ])('content_type %s', async (value, header, parse) => {
    await fault({ kind: 'content_type', content_type: value });
    const { fields } = await pay();
    const [hit] = await waitFor(() => hitsFor(fields.no_order).length > 0 && hitsFor(fields.no_order));
    expect(hit.headers['content-type']).toBe(header);
    expect(verifiesAsLianLian(parse(hit.body))).toBe(true);
    const [attempt] = await waitFor(async () => { const a = await attemptsOf(fields.no_order); return a.length > 0 && a; });
    expect(attempt.content_type).toBe(header);
  });

  it('slow_answer: an answer slower than the threshold counts as failed and is retried', async () => {
    await fault({ kind: 'slow_answer', threshold_ms: 250 });
    const gate = holdAnswers();
    gate.release(2);
    const { fields } = await pay();
    await waitFor(() => hitsFor(fields.no_order).length === 1);
    (await timers.next(250)).fire();
    (await timers.next(RETRY_INTERVAL_MS)).fire();
    const all = await waitFor(async () => { const a = await attemptsOf(fields.no_order); return a.some((x) => x.ok) && a; });
    gate.release(1);
    expect(all[0]).toMatchObject({ attempt: 1, ok: false });
    expect(all[0].error).toMatch(/no answer within 250 ms/);
    expect(all.at(-1)).toMatchObject({ attempt: 2, ok: true });
  });

  it('refund_out_of_order: the refund notification arrives before the payment notification', async () => {
    await fault({ kind: 'refund_out_of_order' });
    const scheduled = timers.all.length;
    const { fields } = await pay();
    // Paid, but the payment notification is not even scheduled until the refund's has gone out.
    expect(timers.all.length).toBe(scheduled);
    expect(hitsFor(fields.no_order)).toHaveLength(0);
    const refund = signed({ oid_partner: fields.oid_partner, sign_type: 'RSA', no_refund: `R${fields.no_order}`, dt_refund: beijingStamp(new Date()), money_refund: '0.01', no_order: fields.no_order, dt_order: fields.dt_order, notify_url: t.receiver.url });
    const res = await fetch(`${t.h.base}/refund.htm`, { method: 'POST', headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(refund) });
    expect(((await res.json()) as Record<string, string>).ret_code).toBe('0000');
    const all = await waitFor(async () => { const a = await attemptsOf(fields.no_order); return a.length === 2 && a; });
    expect(all.map((a) => a.kind)).toEqual(['refund', 'payment']);
    expect(t.receiver.hits.map((x) => (JSON.parse(x.body) as Record<string, string>).no_refund ?? 'payment')).toEqual([`R${fields.no_order}`, 'payment']);
  });

  it('fail_return_get: Fail sends the buyer to url_return by a bare GET', async () => {
    await fault({ kind: 'fail_return_get' });
    const fields = webFields({ notify_url: t.receiver.url });
    const res = await postForm(`${await openCashier(t.h.base, '/payment/bankgateway.htm', fields)}/fail`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(fields.url_return);
  });

  it('lists, rejects bad parameters, and deletes faults', async () => {
    await fault({ kind: 'drop_notify', no_order: 'X1' });
    await fault({ kind: 'bad_signature' });
    const bad = await control<{ code: string; detail: string }>(t.h.base, 'POST', '/faults', { kind: 'duplicate_notify', count: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'fault_invalid' });
    expect((await control(t.h.base, 'POST', '/faults', { kind: 'nope' })).json).toMatchObject({ code: 'fault_invalid' });
    expect((await control<unknown[]>(t.h.base, 'DELETE', '/faults?kind=bad_signature')).json).toHaveLength(1);
    expect((await control<unknown[]>(t.h.base, 'DELETE', '/faults')).json).toHaveLength(0);
  });
});
