import { LianLianOrderStatus } from '../order-status/lianlian-order-status.js';

export { LianLianErrorEvent, LianlianErrorEvent } from '../shared/error-event.js';
export type { LianLianErrorDetail, LianlianErrorDetail } from '../shared/error-event.js';
export * from '../order-status/events.js';
export { LianLianOrderStatus, LianlianOrderStatus } from '../order-status/lianlian-order-status.js';
export type { OrderStatusState } from '../order-status/lianlian-order-status.js';

if (!customElements.get('lianlian-order-status')) customElements.define('lianlian-order-status', LianLianOrderStatus);

declare global {
  interface HTMLElementTagNameMap {
    'lianlian-order-status': LianLianOrderStatus;
  }
}
