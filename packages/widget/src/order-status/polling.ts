import type { OrderStatus } from '../messages/types.js';
import { ORDER_STATUSES } from '../messages/types.js';
import { fetchJson, invalidResponse, isRecord } from '../shared/http.js';

/** Statuses after which the order cannot change by itself any more. */
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['paid', 'failed', 'expired', 'refunded']);

export interface StatusAnswer {
  no_order: string;
  status: OrderStatus;
}

export interface StatusRequest {
  endpoint: string;
  token: string;
  timeoutMs: number;
  signal: AbortSignal;
}

/** `GET {endpoint}?token=…` → `{ no_order, status }`. */
export async function fetchStatus(req: StatusRequest): Promise<StatusAnswer> {
  const url = new URL(req.endpoint, document.baseURI);
  url.searchParams.set('token', req.token);
  const body = await fetchJson({
    url: url.href,
    init: { headers: { accept: 'application/json' }, credentials: 'omit', cache: 'no-store' },
    timeoutMs: req.timeoutMs,
    signal: req.signal,
  });
  return parseStatus(body);
}

export function parseStatus(body: unknown): StatusAnswer {
  if (!isRecord(body) || typeof body['no_order'] !== 'string' || !isOrderStatus(body['status'])) {
    throw invalidResponse(`The status endpoint must answer { "no_order": string, "status": one of ${ORDER_STATUSES.join('|')} }.`);
  }
  return { no_order: body['no_order'], status: body['status'] };
}

function isOrderStatus(value: unknown): value is OrderStatus {
  return (ORDER_STATUSES as readonly unknown[]).includes(value);
}

/**
 * Delay before poll number `attempt` (0-based): `interval`, growing by half each time, capped at
 * ten times `interval`. LianLian's notify usually lands within seconds; later polls need not be eager.
 */
export function backoffDelay(attempt: number, interval: number): number {
  return Math.round(Math.min(interval * 1.5 ** attempt, interval * 10));
}
