import type { OrderStatus } from '../messages/types.js';

/** `lianlian-status`: the order's status, first seen or changed. */
export interface LianLianStatusDetail {
  no_order: string;
  status: OrderStatus;
  /** Whether the status is final (paid, failed, expired, refunded) and polling has stopped. */
  final: boolean;
}

/** Fired by `<lianlian-order-status>` when it learns the order's status or sees it change. */
export class LianLianStatusEvent extends Event {
  readonly detail: Readonly<LianLianStatusDetail>;

  constructor(detail: LianLianStatusDetail) {
    super('lianlian-status', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lianlian-status': LianLianStatusEvent;
  }
}

/** @deprecated Renamed `LianLianStatusEvent` (one spelling of the brand); this alias stays until 1.0. */
export const LianlianStatusEvent = LianLianStatusEvent;
/** @deprecated Renamed `LianLianStatusEvent`. */
export type LianlianStatusEvent = LianLianStatusEvent;
/** @deprecated Renamed `LianLianStatusDetail`. */
export type LianlianStatusDetail = LianLianStatusDetail;
