import type { OrderStatus } from '../messages/types.js';
import { LianLianEvent } from '../shared/event.js';

/** `lianlian-status`: the order's status, first seen or changed. */
export interface LianLianStatusDetail {
  no_order: string;
  status: OrderStatus;
  /** Whether the status is final (paid, failed, expired, refunded) and polling has stopped. */
  final: boolean;
}

/** Fired by `<lianlian-order-status>` when it learns the order's status or sees it change. */
export class LianLianStatusEvent extends LianLianEvent<LianLianStatusDetail> {
  constructor(detail: LianLianStatusDetail) {
    super('lianlian-status', detail);
  }
}

/** `lianlian-retry`: the buyer chose to try again after a failed or expired order. */
export interface LianLianRetryDetail {
  no_order: string;
  status: OrderStatus;
  /** The link followed (`retry-href`, resolved). */
  href: string;
}

/**
 * Fired when the buyer activates the "Try again" link of `<lianlian-order-status>`. Cancelable:
 * `preventDefault()` keeps the page (e.g. a single-page shop that starts a new checkout itself).
 */
export class LianLianRetryEvent extends LianLianEvent<LianLianRetryDetail> {
  constructor(detail: LianLianRetryDetail) {
    super('lianlian-retry', detail, { cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lianlian-retry': LianLianRetryEvent;
    'lianlian-status': LianLianStatusEvent;
  }
}
