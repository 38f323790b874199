import { LianLianOrderStatus } from '../order-status/lianlian-order-status.js';

export { LianLianErrorEvent } from '../shared/error-event.js';
export type { LianLianErrorDetail } from '../shared/error-event.js';
export * from '../order-status/events.js';
export { LianLianOrderStatus } from '../order-status/lianlian-order-status.js';
export type { OrderStatusState } from '../order-status/lianlian-order-status.js';
export { LianlianErrorEvent, LianlianOrderStatus, LianlianStatusEvent } from '../deprecated.js';
export type { LianlianErrorDetail, LianlianStatusDetail } from '../deprecated.js';

// Guarded: the page may load this file and lianlian-elements.js (or one file twice from two URLs).
if (!customElements.get('lianlian-order-status')) customElements.define('lianlian-order-status', LianLianOrderStatus);

declare global {
  interface HTMLElementTagNameMap {
    'lianlian-order-status': LianLianOrderStatus;
  }
}
