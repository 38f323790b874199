import { LianlianOrderStatus } from '../order-status/lianlian-order-status.js';

export { LianlianErrorEvent } from '../checkout/events.js';
export type { LianlianErrorDetail } from '../checkout/events.js';
export * from '../order-status/events.js';
export { LianlianOrderStatus } from '../order-status/lianlian-order-status.js';
export type { OrderStatusState } from '../order-status/lianlian-order-status.js';

if (!customElements.get('lianlian-order-status')) customElements.define('lianlian-order-status', LianlianOrderStatus);

declare global {
  interface HTMLElementTagNameMap {
    'lianlian-order-status': LianlianOrderStatus;
  }
}
