import { LianLianCheckout } from '../checkout/lianlian-checkout.js';

export * from '../checkout/events.js';
export { LianLianCheckout } from '../checkout/lianlian-checkout.js';
export type { CheckoutStatus } from '../checkout/lianlian-checkout.js';
export { LianlianCheckout, LianlianErrorEvent, LianlianSubmitEvent } from '../deprecated.js';
export type { LianlianErrorDetail, LianlianSubmitDetail } from '../deprecated.js';

// Guarded: the page may load this file and lianlian-elements.js (or one file twice from two URLs).
if (!customElements.get('lianlian-checkout')) customElements.define('lianlian-checkout', LianLianCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'lianlian-checkout': LianLianCheckout;
  }
}
