// The first spelling of the brand, `Lianlian…`, kept as aliases of the `LianLian…` names until 1.0
// (same classes, so `instanceof` works with either). One list, so 1.0 deletes one file.
export {
  /** @deprecated Renamed `LianLianCheckout`. */
  LianLianCheckout as LianlianCheckout,
} from './checkout/lianlian-checkout.js';
export {
  /** @deprecated Renamed `LianLianSubmitEvent`. */
  LianLianSubmitEvent as LianlianSubmitEvent,
  /** @deprecated Renamed `LianLianSubmitDetail`. */
  type LianLianSubmitDetail as LianlianSubmitDetail,
} from './checkout/events.js';
export {
  /** @deprecated Renamed `LianLianErrorEvent`. */
  LianLianErrorEvent as LianlianErrorEvent,
  /** @deprecated Renamed `LianLianErrorDetail`. */
  type LianLianErrorDetail as LianlianErrorDetail,
} from './shared/error-event.js';
export {
  /** @deprecated Renamed `LianLianOrderStatus`. */
  LianLianOrderStatus as LianlianOrderStatus,
} from './order-status/lianlian-order-status.js';
export {
  /** @deprecated Renamed `LianLianStatusEvent`. */
  LianLianStatusEvent as LianlianStatusEvent,
  /** @deprecated Renamed `LianLianStatusDetail`. */
  type LianLianStatusDetail as LianlianStatusDetail,
} from './order-status/events.js';
