import { SandboxError } from './errors.js';

/**
 * Failures on demand (issue 6). A fault with `no_order` applies to that order only, without it to
 * every order; faults stay on until deleted.
 */
export const FAULT_KINDS = [
  'duplicate_notify', 'delay_notify', 'drop_notify', 'drop_return', 'bad_signature', 'tampered_amount',
  'content_type', 'refund_out_of_order', 'slow_answer', 'fail_return_get', 'source_not_registered',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  readonly id: number;
  readonly kind: FaultKind;
  readonly no_order: string | undefined;
  /** duplicate_notify: deliveries per attempt (≥2). */
  readonly count: number | undefined;
  /** duplicate_notify: send the copies at the same time instead of one after another. */
  readonly concurrent: boolean;
  /** delay_notify: wait before the first attempt, in real milliseconds. */
  readonly delay_ms: number | undefined;
  /** content_type: what the notification is sent as instead of `text/json`. */
  readonly content_type: 'application/json' | 'form' | undefined;
  /** slow_answer: answers slower than this count as failed (LianLian: 5000 ms). */
  readonly threshold_ms: number | undefined;
  readonly created_at: string;
}

const invalid = (msg: string): SandboxError => new SandboxError('fault_invalid', msg, { status: 400 });

function positiveInt(o: Record<string, unknown>, key: string, min: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw invalid(`${key} must be an integer ≥ ${min}.`);
  return v;
}

/** Parses a control-API fault body; each kind checks the parameters it needs. */
export function parseFault(input: unknown, id: number, now: Date): Fault {
  if (typeof input !== 'object' || input === null) throw invalid('A fault must be a JSON object with "kind".');
  const o = input as Record<string, unknown>;
  if (!(FAULT_KINDS as readonly unknown[]).includes(o.kind)) {
    throw invalid(`kind must be one of ${FAULT_KINDS.join(', ')}.`);
  }
  const kind = o.kind as FaultKind;
  if (o.no_order !== undefined && (typeof o.no_order !== 'string' || o.no_order === '')) {
    throw invalid('no_order must be a non-empty string, or left out for a global fault.');
  }
  const ct = o.content_type;
  if (kind === 'content_type' && ct !== 'application/json' && ct !== 'form') {
    throw invalid('content_type must be "application/json" or "form".');
  }
  return {
    id, kind,
    no_order: o.no_order,
    count: kind === 'duplicate_notify' ? positiveInt(o, 'count', 2) : undefined,
    concurrent: kind === 'duplicate_notify' && o.concurrent === true,
    delay_ms: kind === 'delay_notify' ? positiveInt(o, 'delay_ms', 1) : undefined,
    content_type: kind === 'content_type' ? (ct as 'application/json' | 'form') : undefined,
    threshold_ms: kind === 'slow_answer' ? positiveInt(o, 'threshold_ms', 1) : undefined,
    created_at: now.toISOString(),
  };
}

/** The faults that apply to an order: its own plus the global ones. */
export function faultsFor(faults: readonly Fault[], noOrder: string): Fault[] {
  return faults.filter((f) => f.no_order === undefined || f.no_order === noOrder);
}

export function findFault(faults: readonly Fault[], kind: FaultKind): Fault | undefined {
  return faults.find((f) => f.kind === kind);
}
