import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MAX_RETRIES, NOTIFY_TIMEOUT_MS, RETRY_INTERVAL_MS } from '../src/callbacks/notifier.js';
import { rsaVerify } from '../src/crypto/sign.js';
import { startSandbox, type RunningSandbox } from '../src/start.js';
import {
  attemptsUntil, control, merchant, openCashier, payWeb, signed, startReceiver, startSandbox as startHarness, verifiesAsLianLian, webFields,
  type Harness, type Receiver,
} from './support/sandbox.js';
import { ManualTimers } from './support/timers.js';

const dir = mkdtempSync(join(tmpdir(), 'sandbox-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = Record<string, string>;
const env = { SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dir, SANDBOX_DATA_FILE: join(dir, 'state', 'sandbox.db') };

async function post(base: string, path: string, body: Json): Promise<Json> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(body) });
  return (await res.json()) as Json;
}
const query = (f: Json): Json => signed({ oid_partner: f.oid_partner ?? '', sign_type: 'RSA', no_order: f.no_order ?? '', dt_order: f.dt_order ?? '' });

describe('SANDBOX_DATA_FILE: merchants and orders survive a restart', () => {
  it('keeps a registered merchant and a pending order across stop/start, answers the order query, and DELETE /__sandbox/data wipes both', async () => {
    let running: RunningSandbox = await startSandbox(env);
    const f = webFields();
    let paybill: string;
    try {
      expect(running.dataFile).toBe(env.SANDBOX_DATA_FILE);
      expect((await control(running.url, 'POST', '/merchants', merchant())).status).toBe(201);
      await openCashier(running.url, '/payment/bankgateway.htm', f);
      paybill = (await control<{ oid_paybill: string }>(running.url, 'GET', `/orders/${f.no_order}`)).json.oid_paybill;
    } finally {
      await running.stop();
    }
    expect(existsSync(env.SANDBOX_DATA_FILE)).toBe(true);

    running = await startSandbox(env);
    try {
      expect((await control<{ oid_partner: string }[]>(running.url, 'GET', '/merchants')).json.map((m) => m.oid_partner)).toEqual([f.oid_partner]);
      const answer = await post(running.url, '/orderquery.htm', query(f));
      expect(answer).toMatchObject({ ret_code: '0000', no_order: f.no_order, result_pay: 'WAITING', oid_paybill: paybill });
      const { bank_name: _b, memo: _m, card_no: _c, ...signedPart } = answer;
      expect(rsaVerify(signedPart, answer.sign ?? '', createPublicKey(running.sandbox.publicKey.pem)), 'signed with the same LianLian key').toBe(true);
      const order = (await control<{ events: { type: string }[] }>(running.url, 'GET', `/orders/${f.no_order}`)).json;
      expect(order.events.map((e) => e.type)).toContain('created');

      // Ids handed out before the restart are not handed out again.
      const next = webFields();
      await openCashier(running.url, '/payment/bankgateway.htm', next);
      expect((await control<{ oid_paybill: string }>(running.url, 'GET', `/orders/${next.no_order}`)).json.oid_paybill).not.toBe(paybill);

      expect(await control(running.url, 'DELETE', '/data')).toEqual({ status: 200, json: { deleted: true, file: env.SANDBOX_DATA_FILE } });
      expect((await control<unknown[]>(running.url, 'GET', '/merchants')).json).toEqual([]);
      expect((await control<unknown[]>(running.url, 'GET', '/orders')).json).toEqual([]);
    } finally {
      await running.stop();
    }

    running = await startSandbox(env);
    try {
      expect((await control<unknown[]>(running.url, 'GET', '/merchants')).json).toEqual([]);
      expect((await control<unknown[]>(running.url, 'GET', '/orders')).json).toEqual([]);
      expect(await post(running.url, '/orderquery.htm', query(f))).toMatchObject({ ret_code: '3001' });
    } finally {
      await running.stop();
    }
  });

  it('without SANDBOX_DATA_FILE keeps everything in memory', async () => {
    let running = await startSandbox({ SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dir });
    try {
      expect(running.dataFile).toBeUndefined();
      expect((await control(running.url, 'POST', '/merchants', merchant())).status).toBe(201);
    } finally {
      await running.stop();
    }
    running = await startSandbox({ SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dir });
    try {
      expect((await control<unknown[]>(running.url, 'GET', '/merchants')).json).toEqual([]);
    } finally {
      await running.stop();
    }
  });
});

describe('SANDBOX_DATA_FILE: notification resends survive a restart (spec §5)', () => {
  const T0 = new Date('2026-03-01T04:00:00Z');
  const later = (ms: number): Date => new Date(T0.getTime() + ms);
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  /** A sandbox over `file` on a clock the test sets and timers it fires (first attempts at once). */
  async function run(file: string, clock: { at: Date }): Promise<{ h: Harness; timers: ManualTimers; logged: string[] }> {
    const timers = new ManualTimers([0]);
    const logged: string[] = [];
    const log = (_: object, msg?: string): void => { logged.push(msg ?? ''); };
    const h = await startHarness({ dataFile: file, timeScale: 1, scheduler: timers.scheduler, now: () => clock.at, logger: { info: log, warn: log, error: log } });
    cleanup.push(() => h.close());
    return { h, timers, logged };
  }

  /** A merchant whose notify endpoint fails the first `failures` times, then answers 0000. */
  async function merchantFailing(failures: number): Promise<Receiver> {
    const receiver = await startReceiver((n) => (n <= failures ? { status: 500, body: 'down' } : {}));
    cleanup.push(() => receiver.close());
    return receiver;
  }

  /** Pays an order whose first notification fails, and stops once its first resend is scheduled. */
  async function payThenStop(file: string, clock: { at: Date }, receiver: Receiver): Promise<string> {
    const { h, timers } = await run(file, clock);
    const noOrder = await payWeb(h.base, receiver.url, clock.at);
    const retry = await timers.next(RETRY_INTERVAL_MS);
    await h.close();
    expect(retry.state).toBe('cancelled');
    expect(receiver.hits).toHaveLength(1);
    return noOrder;
  }

  it('sends an overdue resend at once after a restart, signed as before, and then forgets it', async () => {
    const file = join(dir, 'overdue.db');
    const clock = { at: T0 };
    const receiver = await merchantFailing(1);
    const noOrder = await payThenStop(file, clock, receiver);

    clock.at = later(10 * 60_000);
    const { h, timers, logged } = await run(file, clock);
    expect(logged).toContain('resuming the notification resends the last run left unfinished');
    const resent = await attemptsUntil(h.base, noOrder, (a) => a.length > 0);
    expect(resent.map((a) => [a.attempt, a.ok])).toEqual([[2, true]]);
    expect(timers.all.map((t) => t.ms), 'due 8 minutes ago: no wait').toEqual([0, NOTIFY_TIMEOUT_MS]);
    const [first, second] = receiver.hits.map((hit) => JSON.parse(hit.body) as Json);
    expect(second).toEqual(first);
    expect(verifiesAsLianLian(second)).toBe(true);
    await h.close();

    const after = await run(file, clock);
    expect(after.timers.all, 'a delivered notification is not resent again').toEqual([]);
  });

  it('keeps a resend that is not yet due on its time: the rest of the 2-minute interval', async () => {
    const file = join(dir, 'not-yet.db');
    const clock = { at: T0 };
    const receiver = await merchantFailing(1);
    const noOrder = await payThenStop(file, clock, receiver);

    clock.at = later(30_000);
    const { h, timers } = await run(file, clock);
    (await timers.next(RETRY_INTERVAL_MS - 30_000)).fire();
    expect((await attemptsUntil(h.base, noOrder, (a) => a.length > 0)).map((a) => [a.attempt, a.ok])).toEqual([[2, true]]);
    expect(receiver.hits).toHaveLength(2);
  });

  it('counts attempts across restarts: a schedule stopped at its 30th resend makes only that one', async () => {
    const file = join(dir, 'last.db');
    const clock = { at: T0 };
    const receiver = await merchantFailing(Number.POSITIVE_INFINITY);
    const first = await run(file, clock);
    const noOrder = await payWeb(first.h.base, receiver.url, clock.at);
    for (let retry = 1; retry < MAX_RETRIES; retry += 1) (await first.timers.next(RETRY_INTERVAL_MS)).fire();
    await first.timers.next(RETRY_INTERVAL_MS);
    await first.h.close();
    expect(receiver.hits).toHaveLength(MAX_RETRIES);

    clock.at = later(2 * 3_600_000);
    const { h, timers } = await run(file, clock);
    expect((await attemptsUntil(h.base, noOrder, (a) => a.length > 0)).map((a) => [a.attempt, a.ok])).toEqual([[MAX_RETRIES + 1, false]]);
    expect(timers.pending(RETRY_INTERVAL_MS), 'LianLian stops after 30 resends').toEqual([]);
    await h.close();
    expect((await run(file, clock)).timers.all).toEqual([]);
  });

  it('POST /__sandbox/reset drops the stored schedules too', async () => {
    const file = join(dir, 'reset.db');
    const clock = { at: T0 };
    const receiver = await merchantFailing(1);
    const { h, timers } = await run(file, clock);
    await payWeb(h.base, receiver.url, clock.at);
    const retry = await timers.next(RETRY_INTERVAL_MS);
    expect((await control(h.base, 'POST', '/reset', {})).status).toBe(200);
    expect(retry.state).toBe('cancelled');
    await h.close();
    expect((await run(file, clock)).timers.all).toEqual([]);
  });
});
