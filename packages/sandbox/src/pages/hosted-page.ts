import { cashierPage, type CashierView } from './cashier-page.js';
import type { Html } from './html.js';
import { quickpayPage } from './quickpay-page.js';

/** The page a gateway shows for an open order: the cashier, or the H5 quick-pay page (`payment.htm`). */
export function hostedPage(v: CashierView): Html {
  return v.order.gateway.page === 'quickpay' ? quickpayPage(v) : cashierPage(v);
}
