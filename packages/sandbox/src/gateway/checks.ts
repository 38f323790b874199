import { canonicalString } from '../crypto/canonical.js';
import { invalidParam, refuse, RET } from '../lianlian/codes.js';
import { formatFen } from '../lianlian/money.js';
import type { Product } from '../lianlian/products.js';
import { beijingDay, beijingMonth } from '../lianlian/time.js';
import type { Merchant } from '../merchants.js';
import type { Order, Store } from '../store.js';

/** `timestamp` must be within 30 minutes of LianLian's (Beijing) clock (spec §1). */
const TIMESTAMP_WINDOW_MS = 30 * 60 * 1000;
/** Until a product goes live, each customer may pay 50 CNY per transaction, day and month (spec §1). */
export const DEFAULT_LIMIT_FEN = 5_000;

/**
 * Redirect APIs only accept forms posted from the merchant's registered source domain (spec §1);
 * a browser names it in `Origin` (and `Referer`). No header at all is refused too.
 */
export function checkSource(merchant: Merchant, origin: string | undefined, referer: string | undefined): void {
  if (merchant.domains.includes('*')) return;
  let source: string | undefined;
  try {
    source = origin !== undefined && origin !== 'null' ? new URL(origin).origin : referer !== undefined ? new URL(referer).origin : undefined;
  } catch {
    source = undefined;
  }
  if (source === undefined || !merchant.domains.includes(source)) {
    throw refuse(
      RET.SOURCE_NOT_ALLOWED,
      `The form was posted from ${source ?? 'an unknown origin (no Origin/Referer header)'}, which is not a whitelisted domain of merchant ${merchant.oidPartner} (${merchant.domains.join(', ') || 'none'}). Add it to the merchant's "domains".`,
    );
  }
}

export function checkTimestamp(timestamp: Date, now: Date): void {
  if (Math.abs(timestamp.getTime() - now.getTime()) > TIMESTAMP_WINDOW_MS) {
    throw invalidParam('timestamp', 'timestamp is more than 30 minutes away from Beijing time: stamp it with the current time in Asia/Shanghai (UTC+8).');
  }
}

export function isExpired(order: Pick<Order, 'expiresAt'>, now: Date): boolean {
  return now.getTime() > order.expiresAt.getTime();
}

export function fingerprint(fields: Record<string, string>): string {
  const { sign: _sign, timestamp: _timestamp, ...content } = fields;
  return canonicalString(content);
}

/** Same `no_order` again: same content resumes the order; other content or a paid order is refused. */
export function checkDuplicate(existing: Order | undefined, print: string): void {
  if (!existing) return;
  if (existing.resultPay === 'SUCCESS' || existing.resultPay === 'REFUND') {
    throw refuse(RET.ORDER_PAID, `Order ${existing.noOrder} is already paid.`);
  }
  if (existing.fingerprint !== print) {
    throw refuse(RET.DUPLICATE_ORDER, `no_order ${existing.noOrder} was already used with different content; use a new no_order for a new order.`);
  }
}

export interface LimitQuery {
  readonly merchant: Merchant;
  readonly product: Product;
  readonly userId: string;
  readonly amountFen: number;
  readonly now: Date;
}

/** Per customer (`user_id`) and product: paid amounts on the same Beijing day and month. */
export function checkLimits(store: Store, q: LimitQuery): void {
  if (q.merchant.live.has(q.product)) return;
  const limit = formatFen(DEFAULT_LIMIT_FEN);
  if (q.amountFen > DEFAULT_LIMIT_FEN) {
    throw refuse(RET.SINGLE_LIMIT, `${q.product} is not live for merchant ${q.merchant.oidPartner}: each payment is capped at ${limit} CNY until go-live.`);
  }
  const day = beijingDay(q.now);
  const month = beijingMonth(q.now);
  let dayFen = 0;
  let monthFen = 0;
  for (const o of store.orders.values()) {
    if (o.oidPartner !== q.merchant.oidPartner || o.gateway.product !== q.product || o.fields.user_id !== q.userId || !o.paidAt) continue;
    if (beijingMonth(o.paidAt) === month) monthFen += o.amountFen;
    if (beijingDay(o.paidAt) === day) dayFen += o.amountFen;
  }
  if (dayFen + q.amountFen > DEFAULT_LIMIT_FEN) {
    throw refuse(RET.DAILY_LIMIT, `user_id ${q.userId} already paid ${formatFen(dayFen)} CNY today by ${q.product}; the pre-go-live daily cap is ${limit} CNY.`);
  }
  if (monthFen + q.amountFen > DEFAULT_LIMIT_FEN) {
    throw refuse(RET.MONTHLY_LIMIT, `user_id ${q.userId} already paid ${formatFen(monthFen)} CNY this month by ${q.product}; the pre-go-live monthly cap is ${limit} CNY.`);
  }
}
