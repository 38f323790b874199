import { html, nothing } from 'lit';
import type { PropertyDeclarations, PropertyValues, TemplateResult } from 'lit';
import { en } from '../messages/en.js';
import type { CheckoutMessages } from '../messages/types.js';
import { zhCN } from '../messages/zh-CN.js';
import { AMOUNT, LANG, MILLISECONDS } from '../shared/attribute-rules.js';
import type { AttributeRules } from '../shared/attribute-rules.js';
import { asLianLianError } from '../shared/errors.js';
import type { LianLianError } from '../shared/errors.js';
import { buildForm } from '../shared/form.js';
import type { SignedForm } from '../shared/form.js';
import { assertGatewayAllowed, LIANLIAN_GATEWAY_ORIGINS, parseOrigins } from '../shared/gateway.js';
import { errorMessage } from '../shared/i18n.js';
import { LocalizedElement } from '../shared/localized-element.js';
import { release, tryAcquire } from '../shared/lock.js';
import { warnIfReferrerHidden } from '../shared/referrer.js';
import { LianLianErrorEvent } from '../shared/error-event.js';
import { LianLianSubmitEvent } from './events.js';
import { limitMessage } from './limit.js';
import { checkoutStyles } from './lianlian-checkout.styles.js';
import { requestSignedForm } from './signing.js';

export type CheckoutStatus = 'idle' | 'signing' | 'redirecting' | 'error';

/** The buyer's text for a failure: which limit and when it resets for `limit_exceeded`, else by code. */
function errorText(m: CheckoutMessages, failure: LianLianError): string {
  return (failure.code === 'limit_exceeded' && limitMessage(m, failure.extensions)) || errorMessage(m, failure.code);
}

/**
 * A LianLian Pay button. On activation it asks the signing server for the signed payment form,
 * checks that the form goes to a LianLian gateway, and posts it there.
 *
 * @fires {LianLianSubmitEvent} lianlian-submit - Just before navigating to LianLian; cancelable. `detail`: `{ no_order, action }`.
 * @fires {LianLianErrorEvent} lianlian-error - Checkout failed. `detail`: `{ code, message, retryable, detail, requestId? }`.
 * @attr {string} lang - Language of the text (`zh-CN` or `en`; any `zh*` is `zh-CN`); by default the nearest ancestor's `lang`.
 * @attr {boolean} dev - Development checks (malformed attributes, the referrer policy) on hosts other than localhost/127.0.0.1.
 * @slot - Custom button label (replaces "Pay with LianLian").
 * @csspart button - The native `<button>`.
 * @csspart label - Wraps the label (the slot, or "Try again" after a retryable error).
 * @csspart spinner - Progress indicator while signing and redirecting.
 * @csspart message - Live region for progress and error messages.
 * @cssprop [--lianlian-checkout-accent=#0b57d0] - Button background and focus ring.
 * @cssprop [--lianlian-checkout-accent-text=#fff] - Button text.
 * @cssprop [--lianlian-checkout-text=#1f1f1f] - Message text.
 * @cssprop [--lianlian-checkout-error=#b3261e] - Error message text.
 * @cssprop [--lianlian-checkout-radius=8px] - Button corner radius.
 * @cssprop [--lianlian-checkout-font=system-ui] - Font family.
 * @cssprop [--lianlian-checkout-spacing=12px] - Base spacing unit.
 */
export class LianLianCheckout extends LocalizedElement<CheckoutMessages> {
  static override styles = checkoutStyles;

  static override properties: PropertyDeclarations = {
    endpoint: {},
    token: {},
    disabled: { type: Boolean, reflect: true },
    gatewayOrigins: { attribute: 'gateway-origins' },
    amount: {},
    timeout: { type: Number },
    status: { reflect: true },
    failure: { state: true },
  };

  static override attributeRules: AttributeRules = {
    lang: LANG,
    amount: AMOUNT,
    timeout: MILLISECONDS,
  };

  protected readonly catalogues = { en, 'zh-CN': zhCN };

  /** URL of the signing server's checkout route, e.g. `https://pay.shop.example/v1/checkout`. */
  endpoint = '';

  /** The order's `checkout_token`, from the shop backend's `POST /v1/orders`. */
  token = '';

  /** Disables the button. */
  disabled = false;

  /** Extra origins the signed form may post to, space- or comma-separated (e.g. the sandbox `http://127.0.0.1:4100`). */
  gatewayOrigins = '';

  /** Display-only amount in yuan (`"12.34"`) for the default label; the server alone decides what is charged. */
  amount = '';

  /** Time limit for the signing request, in milliseconds. */
  timeout = 15_000;

  /** Current state, reflected for CSS. Read-only. */
  status: CheckoutStatus = 'idle';

  private failure: LianLianError | undefined;
  #controller: AbortController | undefined;
  #form: HTMLFormElement | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pageshow', this.#onPageShow);
    warnIfReferrerHidden(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pageshow', this.#onPageShow);
    this.#controller?.abort();
    release(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new token or endpoint is a new checkout: a previous failure no longer applies.
    if ((changed.has('token') || changed.has('endpoint')) && this.status === 'error') this.#reset();
  }

  override render(): TemplateResult {
    const m = this.strings;
    const busy = this.status === 'signing' || this.status === 'redirecting';
    const retry = this.status === 'error' && this.failure?.retryable === true;
    const blocked = busy || (this.status === 'error' && !retry);
    return html`
      <button
        part="button"
        type="button"
        ?disabled=${this.disabled}
        aria-disabled=${blocked}
        aria-busy=${busy}
        @click=${this.#onClick}
      >
        ${busy ? html`<span part="spinner" aria-hidden="true"></span>` : nothing}
        <span part="label">${retry ? m.retry : html`<slot>${this.#defaultLabel(m)}</slot>`}</span>
      </button>
      <div part="message" role="status" aria-live="polite">${this.#message(m) || nothing}</div>
    `;
  }

  #defaultLabel(m: CheckoutMessages): string {
    return AMOUNT.test(this.amount) ? m.payAmount.replace('{amount}', `¥${this.amount}`) : m.pay;
  }

  #message(m: CheckoutMessages): string {
    if (this.status === 'signing') return m.signing;
    if (this.status === 'redirecting') return m.redirecting;
    if (this.status === 'error' && this.failure) return errorText(m, this.failure);
    return '';
  }

  readonly #onClick = (): void => {
    // Enter-key repeats and double clicks arrive here while a checkout runs: only one may start.
    const idle = this.status === 'idle' || (this.status === 'error' && this.failure?.retryable === true);
    // tryAcquire: another element on the page may be checking out; its own message says so.
    if (!this.disabled && idle && tryAcquire(this)) void this.#checkout();
  };

  async #checkout(): Promise<void> {
    this.status = 'signing';
    this.failure = undefined;
    this.#controller = new AbortController();
    try {
      const extraOrigins = parseOrigins(this.gatewayOrigins);
      const signed = await requestSignedForm({
        endpoint: this.endpoint,
        token: this.token,
        // Checked by the server before it signs, so an unpostable form never makes the order pending.
        gatewayOrigins: [...LIANLIAN_GATEWAY_ORIGINS, ...extraOrigins],
        timeoutMs: this.timeout,
        signal: this.#controller.signal,
      });
      assertGatewayAllowed(signed.action, extraOrigins);
      this.#redirect(signed);
    } catch (error) {
      this.#fail(asLianLianError(error));
    }
  }

  #redirect(signed: SignedForm): void {
    if (!this.isConnected) return;
    warnIfReferrerHidden(this);
    if (!this.dispatchEvent(new LianLianSubmitEvent({ no_order: signed.no_order, action: signed.action }))) {
      this.#reset();
      return;
    }
    this.status = 'redirecting';
    this.#form = buildForm(document, signed);
    this.renderRoot.append(this.#form);
    this.#form.submit();
  }

  #fail(error: LianLianError): void {
    if (error.code === 'aborted') return;
    release(this);
    this.status = 'error';
    this.failure = error;
    const message = errorText(this.strings, error);
    const { code, retryable, requestId } = error;
    this.dispatchEvent(
      new LianLianErrorEvent({ code, message, retryable, detail: error.message, requestId }),
    );
  }

  #reset(): void {
    this.#controller?.abort();
    this.#form?.remove();
    this.#form = undefined;
    this.failure = undefined;
    this.status = 'idle';
    release(this);
  }

  /** Back from the back-forward cache the page is frozen mid-redirect: make the button usable again. */
  readonly #onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted && this.status !== 'idle') this.#reset();
  };
}
