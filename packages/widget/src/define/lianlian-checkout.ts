import { LianLianCheckout } from '../checkout/lianlian-checkout.js';

export * from '../checkout/events.js';
export { LianLianCheckout, LianlianCheckout } from '../checkout/lianlian-checkout.js';
export type { CheckoutStatus } from '../checkout/lianlian-checkout.js';

// Guarded: the page may load this file and lianlian-elements.js (or one file twice from two URLs).
if (!customElements.get('lianlian-checkout')) customElements.define('lianlian-checkout', LianLianCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'lianlian-checkout': LianLianCheckout;
  }
}
