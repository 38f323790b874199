import type { Fault } from '../faults.js';

/** What a notification is, as data: enough to send it again after a restart (SANDBOX_DATA_FILE). */
export interface NotifyData {
  readonly kind: 'payment' | 'refund';
  /** The merchant: the notification is signed with its sign type and, for MD5, its key. */
  readonly oidPartner: string;
  readonly noOrder: string;
  readonly noRefund?: string;
  readonly url: string;
  /** Unsigned body fields; signed as LianLian on every delivery (needed again for a tampered amount). */
  readonly fields: Readonly<Record<string, string>>;
  /** `money_order` raised by 1.00 CNY, in the same format, for the `tampered_amount` fault. */
  readonly tamperedAmount?: string;
  /** Faults in force when the job started; a schedule keeps them to its end. */
  readonly faults: readonly Fault[];
}

/** One notification to send, with its retries: what the notifier schedules and delivery encodes. */
export interface NotifyJob extends NotifyData {
  readonly sign: (fields: Readonly<Record<string, string>>) => Record<string, string>;
  /** Runs once the first attempt is over, whatever its outcome (orders a held notification). */
  readonly afterFirstAttempt?: () => void;
}

/** Where one schedule stands: the attempt to make next (1 … 31, spec §5) and when it is due. */
export interface SchedulePosition {
  /** Names the schedule: a resend from the control API starts another for the same notification. */
  readonly schedule: string;
  readonly attempt: number;
  /** ISO time, on the sandbox's clock. */
  readonly dueAt: string;
}

/** A schedule still running, as the data file keeps it. */
export interface PendingNotification extends NotifyData, SchedulePosition {}
