import { LianLianEvent } from './event.js';

/** `lianlian-error`: checkout, or a status check, failed. */
export interface LianLianErrorDetail {
  /** Stable code: the signing server's (`token_expired`, …) or the browser's (`network_error`, `timeout`, `gateway_not_allowed`, …). */
  code: string;
  /** The localised text shown to the buyer. */
  message: string;
  /** Whether the element offers to try again. */
  retryable: boolean;
  /** For developers: what happened and how to fix it. */
  detail: string;
  /** The signing server's request id, when it sent one. */
  requestId?: string | undefined;
}

/** Fired by either element when it fails; the element shows `detail.message` at the same time. */
export class LianLianErrorEvent extends LianLianEvent<LianLianErrorDetail> {
  constructor(detail: LianLianErrorDetail) {
    super('lianlian-error', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lianlian-error': LianLianErrorEvent;
  }
}
