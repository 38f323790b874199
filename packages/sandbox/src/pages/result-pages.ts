import type { LianLianRefusal } from '../errors.js';
import type { Order } from '../store.js';
import { header, summary } from './cashier-page.js';
import { html, type Html } from './html.js';
import { messages, type Lang, type Messages } from './i18n.js';
import { page } from './layout.js';

export interface ReturnForm {
  readonly action: string;
  readonly fields: Readonly<Record<string, string>>;
  /** Submit without a click (external script); H5 with syschnotify_flag=0 waits for the buyer. */
  readonly auto: boolean;
}

const mobile = (order: Order): boolean => order.gateway.reqData;
/** Result pages switch language by reloading `/cashier/:id`, which renders the order's state. */
const langLink = (order: Order, lang: Lang): string => `/cashier/${order.id}?lang=${lang === 'en' ? 'zh' : 'en'}`;

/** After Pay: the signed return fields posted to `url_return` by a form built with escaping. */
export function paidPage(order: Order, lang: Lang, ret: ReturnForm | undefined): Html {
  const m = messages(lang);
  const form = ret
    ? html`<form method="post" action="${ret.action}" accept-charset="UTF-8" data-testid="sandbox-return-form"${ret.auto ? html` data-autosubmit` : null}>
${Object.entries(ret.fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
${ret.auto ? html`<p class="muted">${m.returning}</p>` : null}
<button type="submit" class="primary" data-testid="sandbox-return">${m.returnToMerchant}</button>
</form>`
    : html`<p class="muted">${m.noReturn}</p>`;
  const body = html`${header(m, lang, langLink(order, lang))}
<main class="card-box"><h1 class="ok" data-testid="sandbox-paid">${m.paid}</h1><p>${m.paidText}</p>${summary(order, m, true)}${form}</main>`;
  return page({ lang, title: m.paid, body, scripts: ret?.auto ? ['autosubmit.js'] : [], mobile: mobile(order) });
}

/** 返回商户 / Back to merchant: the merchant's `back_url`, `url_order` or origin (`merchantLink`). */
function backToMerchant(m: Messages, href: string | undefined, primary: boolean): Html {
  if (href === undefined) return html`<p class="muted">${m.noReturn}</p>`;
  return html`<p><a class="button${primary ? ' primary' : ''}" href="${href}" data-testid="sandbox-back-to-merchant">${m.backToMerchant}</a></p>`;
}

/** A page about an order that can no longer be paid here: what happened, the order, the way back. */
function finalPage(
  order: Order, lang: Lang, back: string | undefined,
  show: { mood: 'ok' | 'bad'; testid: string; title: 'failed' | 'closed' | 'alreadyPaid'; text: 'failedText' | 'closedText' | 'alreadyPaidText'; paid?: boolean },
): Html {
  const m = messages(lang);
  const body = html`${header(m, lang, langLink(order, lang))}
<main class="card-box"><h1 class="${show.mood}" data-testid="${show.testid}">${m[show.title]}</h1><p>${m[show.text]}</p>${summary(order, m, show.paid)}
${backToMerchant(m, back, true)}</main>`;
  return page({ lang, title: m[show.title], body, mobile: mobile(order) });
}

export function failedPage(order: Order, lang: Lang, back: string | undefined): Html {
  return finalPage(order, lang, back, { mood: 'bad', testid: 'sandbox-failed', title: 'failed', text: 'failedText' });
}

/** Cancel leaves the order open: back to the merchant first, or resume paying on the cashier. */
export function cancelledPage(order: Order, lang: Lang, back: string | undefined): Html {
  const m = messages(lang);
  const body = html`${header(m, lang, undefined)}
<main class="card-box"><h1 data-testid="sandbox-cancelled">${m.cancelled}</h1><p>${m.cancelledText}</p>
${backToMerchant(m, back, true)}
<p><a href="/cashier/${order.id}?lang=${lang}" data-testid="sandbox-resume">${m.resume}</a></p></main>`;
  return page({ lang, title: m.cancelled, body, mobile: mobile(order) });
}

export function closedPage(order: Order, lang: Lang, back: string | undefined): Html {
  return finalPage(order, lang, back, { mood: 'bad', testid: 'sandbox-closed', title: 'closed', text: 'closedText' });
}

/**
 * A paid order's cashier, reached again (the browser's Back after paying, an old link, a second
 * Pay): "already paid" and the way back to the merchant, as LianLian's cashier shows a closed order.
 */
export function alreadyPaidPage(order: Order, lang: Lang, back: string | undefined): Html {
  return finalPage(order, lang, back, { mood: 'ok', testid: 'sandbox-already-paid', title: 'alreadyPaid', text: 'alreadyPaidText', paid: true });
}

/** LianLian's refusal: `ret_code ret_msg` in `sandbox-error`, plus a fix for the developer. */
export function errorPage(refusal: LianLianRefusal, lang: Lang): Html {
  const m = messages(lang);
  const body = html`${header(m, lang, undefined)}
<main class="card-box"><h1 class="bad">${m.error}</h1><p>${m.errorText}</p>
<p class="error" role="alert" data-testid="sandbox-error"><span class="ret-code">${refusal.retCode}</span> <span class="ret-msg">${refusal.retMsg}</span></p>
<details open><summary>${m.developer}</summary><p class="detail">${refusal.message}</p></details></main>`;
  return page({ lang, title: `${refusal.retCode} ${refusal.retMsg}`, body });
}
