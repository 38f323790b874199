import { html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues, TemplateResult } from 'lit';
import { enStatus } from '../messages/en.js';
import type { OrderStatus, StatusMessages } from '../messages/types.js';
import { zhCNStatus } from '../messages/zh-CN.js';
import { LANG, MILLISECONDS } from '../shared/attribute-rules.js';
import type { AttributeRules } from '../shared/attribute-rules.js';
import { LianLianErrorEvent } from '../shared/error-event.js';
import { asLianLianError, LianLianError } from '../shared/errors.js';
import { errorMessage } from '../shared/i18n.js';
import { LocalizedElement } from '../shared/localized-element.js';
import { LianLianRetryEvent, LianLianStatusEvent } from './events.js';
import { orderStatusStyles } from './lianlian-order-status.styles.js';
import { backoffDelay, fetchStatus, FINAL_STATUSES } from './polling.js';
import type { StatusAnswer } from './polling.js';

export type OrderStatusState = 'loading' | OrderStatus | 'timeout' | 'error';

/** Longest a single status request may take. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Shows the buyer the status of their order after LianLian's return, polling the signing server
 * with backoff until the status is final or the time limit passes. Polling pauses while the page
 * is hidden and stops when the element is removed.
 *
 * @attr {string} lang - Language of the text (`zh-CN` or `en`; any `zh*` is `zh-CN`); by default the nearest ancestor's `lang`.
 * @attr {boolean} dev - Development checks (malformed attributes) on hosts other than localhost/127.0.0.1.
 * @fires {LianLianStatusEvent} lianlian-status - The order's status, first seen or changed. `detail`: `{ no_order, status, final }`.
 * @fires {LianLianRetryEvent} lianlian-retry - The buyer chose "Try again" (failed or expired order, with `retry-href`); cancelable. `detail`: `{ no_order, status, href }`.
 * @fires {LianLianErrorEvent} lianlian-error - A status check failed for good (e.g. `token_unknown`). `detail`: `{ code, message, retryable, detail, requestId? }`.
 * @csspart message - The live region holding the status text.
 * @csspart spinner - Shown while the status may still change.
 * @csspart label - The status text.
 * @csspart retry - The "Try again" link, for a failed or expired order when `retry-href` is set.
 * @cssprop [--lianlian-checkout-accent=#0b57d0] - Border tint.
 * @cssprop [--lianlian-checkout-text=#1f1f1f] - Text colour.
 * @cssprop [--lianlian-checkout-error=#b3261e] - Border for failed, expired and error.
 * @cssprop [--lianlian-checkout-success=#146c2e] - Border for paid.
 * @cssprop [--lianlian-checkout-radius=8px] - Corner radius.
 * @cssprop [--lianlian-checkout-font=system-ui] - Font family.
 * @cssprop [--lianlian-checkout-spacing=12px] - Base spacing unit.
 */
export class LianLianOrderStatus extends LocalizedElement<StatusMessages> {
  static override styles = orderStatusStyles;

  static override properties: PropertyDeclarations = {
    endpoint: {},
    token: {},
    timeLimit: { type: Number, attribute: 'time-limit' },
    interval: { type: Number },
    retryHref: { attribute: 'retry-href' },
    status: { reflect: true },
    failure: { state: true },
  };

  static override attributeRules: AttributeRules = {
    lang: LANG,
    'time-limit': MILLISECONDS,
    interval: MILLISECONDS,
  };

  protected readonly catalogues = { en: enStatus, 'zh-CN': zhCNStatus };

  /** URL of the signing server's status route, e.g. `https://pay.shop.example/v1/checkout/status`. */
  endpoint = '';

  /** The order's `checkout_token`. */
  token = '';

  /** Stop polling after this many milliseconds without a final status. */
  timeLimit = 300_000;

  /** First delay between polls, in milliseconds; it grows by half each poll, up to ten times this. */
  interval = 1_500;

  /** Where "Try again" leads for a failed or expired order (e.g. the cart); no link without it. */
  retryHref = '';

  /** What the element shows, reflected for CSS. Read-only. */
  status: OrderStatusState = 'loading';

  private failure: LianLianError | undefined;
  #noOrder = '';
  #attempt = 0;
  #deadline = 0;
  #timer: number | undefined;
  #controller: AbortController | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
    if (this.hasUpdated) this.#restart();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#stop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.isConnected && (changed.has('endpoint') || changed.has('token') || changed.has('timeLimit'))) this.#restart();
  }

  override render(): TemplateResult {
    const m = this.strings;
    const text = this.status === 'error' ? errorMessage(m, this.failure?.code ?? 'unknown') : m[`status.${this.status}`];
    return html`
      <div part="message" role="status" aria-live="polite">
        ${this.#polling ? html`<span part="spinner" aria-hidden="true"></span>` : nothing}
        <span part="label">${text}</span>
        ${this.#canRetry ? html`<a part="retry" href=${this.retryHref} @click=${this.#onRetry}>${m['status.retry']}</a>` : nothing}
      </div>
    `;
  }

  /** A failed or expired order cannot be paid any more: the buyer starts again (a new order). */
  get #canRetry(): boolean {
    return this.retryHref !== '' && (this.status === 'failed' || this.status === 'expired');
  }

  readonly #onRetry = (event: MouseEvent): void => {
    const link = event.currentTarget as HTMLAnchorElement;
    const detail = { no_order: this.#noOrder, status: this.status as 'failed' | 'expired', href: link.href };
    if (!this.dispatchEvent(new LianLianRetryEvent(detail))) event.preventDefault();
  };

  get #polling(): boolean {
    return this.status === 'loading' || this.status === 'created' || this.status === 'pending';
  }

  #restart(): void {
    this.#stop();
    this.#attempt = 0;
    this.#deadline = Date.now() + this.timeLimit;
    this.failure = undefined;
    this.status = 'loading';
    if (this.endpoint === '' || this.token === '') {
      this.#fail(new LianLianError({ code: 'invalid_config', detail: '<lianlian-order-status> needs endpoint (the /v1/checkout/status URL) and token.' }));
    } else if (document.visibilityState !== 'hidden') {
      void this.#poll();
    }
  }

  #stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#controller?.abort();
    this.#controller = undefined;
  }

  async #poll(): Promise<void> {
    this.#timer = undefined;
    const controller = new AbortController();
    this.#controller = controller;
    const request = { endpoint: this.endpoint, token: this.token, timeoutMs: REQUEST_TIMEOUT_MS, signal: controller.signal };
    let next: boolean;
    try {
      const answer = await fetchStatus(request);
      this.#show(answer);
      next = !FINAL_STATUSES.has(answer.status);
    } catch (error) {
      next = this.#onPollError(asLianLianError(error));
    } finally {
      if (this.#controller === controller) this.#controller = undefined;
    }
    if (next) this.#schedule();
  }

  /** Whether polling goes on: retryable failures (network, 5xx, 429) just wait for the next poll. */
  #onPollError(failure: LianLianError): boolean {
    if (failure.code === 'aborted') return false;
    if (failure.retryable) return true;
    this.#fail(failure);
    return false;
  }

  #schedule(): void {
    const delay = backoffDelay(this.#attempt++, this.interval);
    if (Date.now() + delay > this.#deadline) {
      this.status = 'timeout';
      return;
    }
    this.#timer = window.setTimeout(() => void this.#poll(), delay);
  }

  #show(answer: StatusAnswer): void {
    if (answer.status === this.status && answer.no_order === this.#noOrder) return;
    this.#noOrder = answer.no_order;
    this.status = answer.status;
    this.dispatchEvent(new LianLianStatusEvent({ ...answer, final: FINAL_STATUSES.has(answer.status) }));
  }

  #fail(failure: LianLianError): void {
    this.#stop();
    this.failure = failure;
    this.status = 'error';
    const { code, retryable, requestId } = failure;
    const message = errorMessage(this.strings, code);
    this.dispatchEvent(
      new LianLianErrorEvent({ code, message, retryable, detail: failure.message, requestId }),
    );
  }

  /** Hidden pages do not poll; coming back checks at once. */
  readonly #onVisibility = (): void => {
    if (document.visibilityState === 'hidden') this.#stop();
    else if (this.#polling && this.#timer === undefined && this.#controller === undefined) void this.#poll();
  };
}
