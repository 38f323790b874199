import { beijingPeriodEnd, beijingPeriodStarts, formatAmount, type Fen } from '@lianlian-checkout/protocol';
import type { CustomerLimits, ProductConfig } from '../config/types.js';
import { LimitExceededError } from '../errors.js';
import type { CheckoutLimitCheck, Order } from '../ledger/types.js';

/**
 * LianLian's per-customer limits before a product goes live (spec §1): per transaction, per
 * Beijing calendar day and per Beijing calendar month, counting the customer's paid and pending
 * orders of that product by the day and month their form was signed (when LianLian sees them), not
 * the day they were created. They apply until the product is configured as live.
 */
export type LimitKind = 'per_transaction' | 'per_day' | 'per_month';

const PERIOD: Record<LimitKind, string> = {
  per_transaction: 'per transaction',
  per_day: 'per day (Beijing time)',
  per_month: 'per calendar month (Beijing time)',
};

interface Refusal {
  kind: LimitKind;
  limit: Fen;
  remaining: Fen;
  /** Start of the day or month counted (absent per transaction, which never resets). */
  periodStart?: Date;
}

function refuse(order: Pick<Order, 'product'>, { kind, limit, remaining, periodStart }: Refusal): LimitExceededError {
  const left = Math.max(0, remaining);
  const resetsAt = periodStart && kind !== 'per_transaction' ? beijingPeriodEnd(kind === 'per_day' ? 'day' : 'month', periodStart) : undefined;
  return new LimitExceededError(
    `The ${kind.replace('_', '-')} limit of ${formatAmount(limit)} CNY ${PERIOD[kind]} for this customer on the ${order.product} product ` +
      `leaves ${left === 0 ? '0.00' : formatAmount(left)} CNY${resetsAt ? ` until ${resetsAt}` : ''}. These are LianLian's default limits until the product goes live ` +
      '(spec §1): finish go-live with LianLian, then add the product to LIANLIAN_LIVE_PRODUCTS, or configure other limits.',
    {
      details: {
        limit: kind,
        ...(resetsAt ? { resets_at: resetsAt } : {}),
        limit_amount: formatAmount(limit),
        remaining: left === 0 ? '0.00' : formatAmount(left),
        product: order.product,
        reason: 'pre_go_live_default_limits',
      },
    },
  );
}

/** Throws `limit_exceeded` when this order alone is above the per-transaction limit. */
export function assertPerTransaction(order: Pick<Order, 'product' | 'amountFen'>, limits: CustomerLimits): void {
  if (order.amountFen > limits.perTransactionFen) throw refuse(order, { kind: 'per_transaction', limit: limits.perTransactionFen, remaining: limits.perTransactionFen });
}

/**
 * Throws `limit_exceeded` unless handing out this order's form keeps the customer within every
 * limit, signing it at `now`. `sumSince` totals the customer's `pending` and `paid` orders of the
 * product signed at or after a start (the ledger's count, taken inside the signing transaction: see
 * `limitCheck`). An order that is already `pending` is in that count when its last signing falls in
 * the period, so its own amount is taken out again for a re-checkout.
 */
export async function assertWithinLimits(
  sumSince: (since: Date) => Promise<Fen>,
  order: Order,
  product: ProductConfig,
  now: Date,
): Promise<void> {
  if (product.live) return;
  const { limits } = product;
  assertPerTransaction(order, limits);
  const starts = beijingPeriodStarts(now);
  const remaining = async (since: Date, limit: Fen): Promise<Fen> => {
    const counted = await sumSince(since);
    const own = order.status === 'pending' && order.signedAt !== undefined && order.signedAt.getTime() >= since.getTime() ? order.amountFen : 0;
    return limit - (counted - own);
  };
  const monthLeft = await remaining(starts.month, limits.perMonthFen);
  if (order.amountFen > monthLeft) throw refuse(order, { kind: 'per_month', limit: limits.perMonthFen, remaining: monthLeft, periodStart: starts.month });
  // The day's orders are part of the month's: when the month's total also fits the day limit, the
  // day cannot be exceeded, and the second query is skipped (the common case).
  if (limits.perMonthFen - monthLeft + order.amountFen <= limits.perDayFen) return;
  const dayLeft = await remaining(starts.day, limits.perDayFen);
  if (order.amountFen > dayLeft) throw refuse(order, { kind: 'per_day', limit: limits.perDayFen, remaining: dayLeft, periodStart: starts.day });
}

/**
 * The limits as a check for the ledger's signing transaction (`markCheckoutSigned`), or undefined
 * once the product is live. One customer's checkouts of one product are taken one at a time, across
 * processes, and each is checked against the order and the totals as they are at that moment: the
 * totals count pending orders, and an order becomes pending only in that same transaction.
 */
export function limitCheck(order: Pick<Order, 'product' | 'userId'>, product: ProductConfig, now: Date): CheckoutLimitCheck | undefined {
  if (product.live) return undefined;
  return {
    // JSON: unambiguous, and free of the NUL characters PostgreSQL text refuses.
    lockKey: `limits ${JSON.stringify([order.product, order.userId])}`,
    // assertWithinLimits asks for the month's total first.
    expected: { userId: order.userId, product: order.product, since: beijingPeriodStarts(now).month },
    check: (current, sumSince) => assertWithinLimits(sumSince, current, product, now),
  };
}
