import type { OrderStatus } from '../messages/types.js';

/** `lianlian-status`: the order's status, first seen or changed. */
export interface LianlianStatusDetail {
  no_order: string;
  status: OrderStatus;
  /** Whether the status is final (paid, failed, expired, refunded) and polling has stopped. */
  final: boolean;
}

/** Fired by `<lianlian-order-status>` when it learns the order's status or sees it change. */
export class LianlianStatusEvent extends Event {
  readonly detail: Readonly<LianlianStatusDetail>;

  constructor(detail: LianlianStatusDetail) {
    super('lianlian-status', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lianlian-status': LianlianStatusEvent;
  }
}
