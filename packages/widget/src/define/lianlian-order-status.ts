import { LianLianOrderStatus } from '../order-status/lianlian-order-status.js';
import { defineOnce } from '../shared/define.js';

export { LianLianErrorEvent } from '../shared/error-event.js';
export type { LianLianErrorDetail } from '../shared/error-event.js';
export * from '../order-status/events.js';
export { LianLianOrderStatus } from '../order-status/lianlian-order-status.js';
export type { OrderStatusState } from '../order-status/lianlian-order-status.js';
export { LianlianErrorEvent, LianlianOrderStatus, LianlianStatusEvent } from '../deprecated.js';
export type { LianlianErrorDetail, LianlianStatusDetail } from '../deprecated.js';

defineOnce('lianlian-order-status', LianLianOrderStatus);

declare global {
  interface HTMLElementTagNameMap {
    'lianlian-order-status': LianLianOrderStatus;
  }
}
