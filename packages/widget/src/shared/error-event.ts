/** `lianlian-error`: checkout, or a status check, failed. */
export interface LianLianErrorDetail {
  /** Stable code: the signing server's (`token_expired`, …) or the browser's (`network_error`, `timeout`, `gateway_not_allowed`, `csp_blocked`, …). */
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
export class LianLianErrorEvent extends Event {
  readonly detail: Readonly<LianLianErrorDetail>;

  constructor(detail: LianLianErrorDetail) {
    super('lianlian-error', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lianlian-error': LianLianErrorEvent;
  }
}

/** @deprecated Renamed `LianLianErrorEvent` (one spelling of the brand); this alias stays until 1.0. */
export const LianlianErrorEvent = LianLianErrorEvent;
/** @deprecated Renamed `LianLianErrorEvent`. */
export type LianlianErrorEvent = LianLianErrorEvent;
/** @deprecated Renamed `LianLianErrorDetail`. */
export type LianlianErrorDetail = LianLianErrorDetail;
