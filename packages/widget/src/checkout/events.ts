import { LianLianEvent } from '../shared/event.js';

export { LianLianErrorEvent } from '../shared/error-event.js';
export type { LianLianErrorDetail } from '../shared/error-event.js';

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
export class LianLianSubmitEvent extends LianLianEvent<LianLianSubmitDetail> {
  constructor(detail: LianLianSubmitDetail) {
    super('lianlian-submit', detail, { cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lianlian-submit': LianLianSubmitEvent;
  }
}
