import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { findFault } from '../faults.js';
import type { SandboxLogger } from '../logger.js';
import type { Store } from '../store.js';
import { encodeBody, readVerdict, tamper } from './delivery.js';
import type { NotifyData, NotifyJob, SchedulePosition } from './job.js';
import { realTimers, type Scheduler } from './scheduler.js';

/** LianLian's schedule (spec §5): 5 s to answer, then up to 30 resends 2 minutes apart. */
export const NOTIFY_TIMEOUT_MS = 5_000;
export const RETRY_INTERVAL_MS = 120_000;
export const MAX_RETRIES = 30;
/** Abort reason that marks LianLian's own timeout, as opposed to close()/reset. */
const TIMED_OUT = new Error('timeout');

export interface NotifierDeps {
  readonly store: Store;
  readonly now: () => Date;
  readonly timeScale: number;
  readonly logger: SandboxLogger;
  /** Runs retries and answer timeouts; `realTimers` unless a test fires them itself. */
  readonly scheduler?: Scheduler;
}

interface Attempt {
  attempt: number;
  copy: number;
  latency: number;
  status: number | null;
  answer: string;
  ok: boolean;
  error?: string | undefined;
  contentType: string;
  /** The signed fields delivered, or null when nothing was sent. */
  sent: Readonly<Record<string, string>> | null;
}

/** Sends notifications and their retries on timers that `close()` cancels. */
export class Notifier {
  private readonly timers = new Set<() => void>();
  private readonly inFlight = new Set<AbortController>();
  private closed = false;
  /** Bumped by cancelAll, so an attempt that was in flight then schedules nothing more. */
  private generation = 0;

  private readonly schedule: Scheduler;

  constructor(private readonly deps: NotifierDeps) {
    this.schedule = deps.scheduler ?? realTimers;
  }

  start(job: NotifyJob): void {
    if (this.closed) return;
    if (findFault(job.faults, 'drop_notify')) {
      this.record(job, { attempt: 1, copy: 1, latency: 0, status: null, answer: '', ok: false, error: 'dropped by drop_notify fault', contentType: '', sent: null });
      job.afterFirstAttempt?.();
      return;
    }
    this.plan(job, { schedule: randomUUID(), attempt: 1 }, findFault(job.faults, 'delay_notify')?.delay_ms ?? 0);
  }

  /**
   * Goes on with a schedule a restart interrupted (SANDBOX_DATA_FILE): its next attempt at the time
   * it was due, or at once when that has passed, as LianLian's own resends would have gone on meanwhile.
   */
  resume(job: NotifyJob, at: SchedulePosition): void {
    if (this.closed) return;
    this.plan(job, at, Math.max(0, new Date(at.dueAt).getTime() - this.deps.now().getTime()));
  }

  /** Stops every pending retry and aborts requests in flight (used by close and reset). */
  cancelAll(): void {
    this.generation += 1;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    for (const c of this.inFlight) c.abort();
    this.inFlight.clear();
  }

  /** Stops for good; pending schedules stay in the data file for the next start. */
  close(): void {
    this.closed = true;
    this.cancelAll();
  }

  /** Schedules the attempt `at` names in `ms`, and writes down where the schedule stands, for a restart. */
  private plan(job: NotifyJob, at: Omit<SchedulePosition, 'dueAt'>, ms: number): void {
    this.deps.store.savePendingNotification({ ...notifyData(job), ...at, dueAt: new Date(this.deps.now().getTime() + ms).toISOString() });
    const cancel = this.schedule(() => {
      this.timers.delete(cancel);
      this.attempt(job, at).catch((err: unknown) => this.deps.logger.error({ err }, 'notification attempt crashed'));
    }, ms);
    this.timers.add(cancel);
  }

  private async attempt(job: NotifyJob, { schedule, attempt: n }: Omit<SchedulePosition, 'dueAt'>): Promise<void> {
    const generation = this.generation;
    const dup = findFault(job.faults, 'duplicate_notify');
    const copies = Array.from({ length: dup?.count ?? 1 }, (_, i) => i + 1);
    let results: boolean[];
    if (dup?.concurrent) {
      results = await Promise.all(copies.map((c) => this.deliver(job, n, c)));
    } else {
      results = [];
      for (const c of copies) results.push(await this.deliver(job, n, c));
    }
    if (n === 1) job.afterFirstAttempt?.();
    // Cancelled meanwhile: by close() (the stored schedule resumes at the next start) or by a reset.
    if (this.closed || generation !== this.generation) return;
    if (results.some(Boolean) || n > MAX_RETRIES) {
      this.deps.store.dropPendingNotification(schedule);
      return;
    }
    this.plan(job, { schedule, attempt: n + 1 }, RETRY_INTERVAL_MS * this.deps.timeScale);
  }

  private async deliver(job: NotifyJob, n: number, copy: number): Promise<boolean> {
    const sent = tamper(job);
    const { body, contentType } = encodeBody(sent, job.faults);
    const timeoutMs = findFault(job.faults, 'slow_answer')?.threshold_ms ?? NOTIFY_TIMEOUT_MS;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const cancelTimeout = this.schedule(() => controller.abort(TIMED_OUT), timeoutMs);
    const started = performance.now();
    let status: number | null = null;
    let answer = '';
    let error: string | undefined;
    try {
      const res = await fetch(job.url, { method: 'POST', headers: { 'content-type': contentType }, body, signal: controller.signal, redirect: 'manual' });
      status = res.status;
      answer = (await res.text()).slice(0, 2000);
    } catch (err) {
      // Aborted by close()/reset: not an attempt LianLian made, so nothing is recorded.
      if (controller.signal.aborted && controller.signal.reason !== TIMED_OUT) return false;
      error = controller.signal.aborted ? `no answer within ${timeoutMs} ms (LianLian counts it as failed)` : `network error: ${(err as Error).message}`;
    } finally {
      cancelTimeout();
      this.inFlight.delete(controller);
    }
    const latency = Math.round(performance.now() - started);
    const ok = error === undefined && readVerdict(status, answer);
    this.record(job, { attempt: n, copy, latency, status, answer, ok, error, contentType, sent });
    return ok;
  }

  private record(job: NotifyJob, a: Attempt): void {
    this.deps.store.addNotification({
      kind: job.kind, no_order: job.noOrder, no_refund: job.noRefund, url: job.url,
      attempt: a.attempt, copy: a.copy, at: this.deps.now().toISOString(), latency_ms: a.latency,
      status: a.status, answer: a.answer, ok: a.ok, error: a.error, content_type: a.contentType,
      fields: a.sent === null ? null : { ...a.sent, ...(a.sent.sign === undefined ? {} : { sign: `[${a.sent.sign.length} chars]` }) },
      faults: job.faults.map((f) => f.kind),
    });
    this.deps.logger.info({ kind: job.kind, no_order: job.noOrder, attempt: a.attempt, copy: a.copy, status: a.status, ok: a.ok, latency_ms: a.latency }, 'notification attempt');
  }
}

function notifyData(job: NotifyJob): NotifyData {
  const { kind, oidPartner, noOrder, noRefund, url, fields, tamperedAmount, faults } = job;
  return { kind, oidPartner, noOrder, url, fields, faults, ...(noRefund === undefined ? {} : { noRefund }), ...(tamperedAmount === undefined ? {} : { tamperedAmount }) };
}
