import type { Fault } from '../faults.js';

/** One notification to send, with its retries: what the notifier schedules and delivery encodes. */
export interface NotifyJob {
  readonly kind: 'payment' | 'refund';
  readonly noOrder: string;
  readonly noRefund?: string;
  readonly url: string;
  /** Unsigned body fields; `sign` signs them as LianLian (needed again for a tampered amount). */
  readonly fields: Readonly<Record<string, string>>;
  readonly sign: (fields: Readonly<Record<string, string>>) => Record<string, string>;
  /** `money_order` raised by 1.00 CNY, in the same format, for the `tampered_amount` fault. */
  readonly tamperedAmount?: string;
  /** Faults in force when the job started; a schedule keeps them to its end. */
  readonly faults: readonly Fault[];
  /** Runs once the first attempt is over, whatever its outcome (orders a held notification). */
  readonly afterFirstAttempt?: () => void;
}
