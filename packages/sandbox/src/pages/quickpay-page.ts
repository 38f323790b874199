import { cardEntry, header, secondaryActions, summary, type CashierView } from './cashier-page.js';
import { html, type Html } from './html.js';
import { messages } from './i18n.js';
import { page } from './layout.js';

/** `张三` → `*三`: the holder's name as a cashier shows it. */
const maskName = (name: string): string => (name.length <= 1 ? '*' : `${'*'.repeat(name.length - 1)}${name.slice(-1)}`);

/**
 * The H5 quick-pay cashier (`payment.htm`, spec §3.4, §9): a phone page for paying by bank card.
 * A merchant that pre-fills the holder (`acct_name`) sees it masked; `back_url` is the link to
 * change the pre-filled details.
 */
export function quickpayPage(v: CashierView): Html {
  const m = messages(v.lang);
  const f = v.order.fields;
  const base = `/cashier/${v.order.id}`;
  const body = html`${header(m, v.lang, `${base}?lang=${v.lang === 'en' ? 'zh' : 'en'}`)}
<main class="card-box" data-testid="sandbox-quickpay">
<h1>${m.quickpayTitle}</h1>
${summary(v.order, m)}
<form method="post" action="${base}/pay" class="pay-form">
<input type="hidden" name="lang" value="${v.lang}">
${f.acct_name ? html`<p>${m.cardHolder}: ${maskName(f.acct_name)}</p>` : null}
${cardEntry(v, m)}
<button type="submit" class="primary" data-testid="sandbox-pay">${m.pay}</button>
</form>
${f.back_url ? html`<p><a href="${f.back_url}">${m.changeCard}</a></p>` : null}
${secondaryActions(base, m, v.lang)}
</main>`;
  return page({ lang: v.lang, title: m.quickpayTitle, body, mobile: true });
}

