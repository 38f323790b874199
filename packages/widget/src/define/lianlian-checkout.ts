import { LianLianCheckout } from '../checkout/lianlian-checkout.js';
import { defineOnce } from '../shared/define.js';

export * from '../checkout/events.js';
export { LianLianCheckout } from '../checkout/lianlian-checkout.js';
export type { CheckoutStatus } from '../checkout/lianlian-checkout.js';
export { LianlianCheckout, LianlianErrorEvent, LianlianSubmitEvent } from '../deprecated.js';
export type { LianlianErrorDetail, LianlianSubmitDetail } from '../deprecated.js';

defineOnce('lianlian-checkout', LianLianCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'lianlian-checkout': LianLianCheckout;
  }
}
