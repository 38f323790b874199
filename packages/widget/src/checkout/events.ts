export { LianLianErrorEvent, LianlianErrorEvent } from '../shared/error-event.js';
export type { LianLianErrorDetail, LianlianErrorDetail } from '../shared/error-event.js';

/** `lianlian-submit`: the signed form is about to be posted to LianLian. */
export interface LianLianSubmitDetail {
  /** The merchant order number being paid. */
  no_order: string;
  /** The LianLian gateway URL the form posts to. */
  action: string;
}

/**
 * Fired just before the element navigates to LianLian. Cancelable: `preventDefault()` stops the
 * navigation and returns the button to `idle`.
 */
export class LianLianSubmitEvent extends Event {
  readonly detail: Readonly<LianLianSubmitDetail>;

  constructor(detail: LianLianSubmitDetail) {
    super('lianlian-submit', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lianlian-submit': LianLianSubmitEvent;
  }
}

/** @deprecated Renamed `LianLianSubmitEvent` (one spelling of the brand); this alias stays until 1.0. */
export const LianlianSubmitEvent = LianLianSubmitEvent;
/** @deprecated Renamed `LianLianSubmitEvent`. */
export type LianlianSubmitEvent = LianLianSubmitEvent;
/** @deprecated Renamed `LianLianSubmitDetail`. */
export type LianlianSubmitDetail = LianLianSubmitDetail;
