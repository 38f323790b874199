/** `lianlian-submit`: the signed form is about to be posted to LianLian. */
export interface LianlianSubmitDetail {
  /** The merchant order number being paid. */
  no_order: string;
  /** The LianLian gateway URL the form posts to. */
  action: string;
}

/** `lianlian-error`: checkout (or a status check) failed. */
export interface LianlianErrorDetail {
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

/**
 * Fired just before the element navigates to LianLian. Cancelable: `preventDefault()` stops the
 * navigation and returns the button to `idle`.
 */
export class LianlianSubmitEvent extends Event {
  readonly detail: Readonly<LianlianSubmitDetail>;

  constructor(detail: LianlianSubmitDetail) {
    super('lianlian-submit', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

/** Fired when checkout fails; the element shows `detail.message` at the same time. */
export class LianlianErrorEvent extends Event {
  readonly detail: Readonly<LianlianErrorDetail>;

  constructor(detail: LianlianErrorDetail) {
    super('lianlian-error', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lianlian-submit': LianlianSubmitEvent;
    'lianlian-error': LianlianErrorEvent;
  }
}
