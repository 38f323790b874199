import { BANKS, findBank } from '../lianlian/banks.js';
import { beijingStamp } from '../lianlian/time.js';
import type { Order } from '../store.js';
import { html, type Html } from './html.js';
import { messages, type Lang, type Messages } from './i18n.js';
import { page } from './layout.js';

export interface CashierView {
  readonly order: Order;
  readonly lang: Lang;
  /** A card the bank turned down: shown inline so the buyer can try another (Easy Pay). */
  readonly cardError?: { readonly code: string; readonly msg: string };
}

const fmtStamp = (d: Date): string => beijingStamp(d).replace(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/, '$1-$2-$3 $4:$5:$6');

export function header(m: Messages, lang: Lang, switchHref: string | undefined): Html {
  return html`<header class="top">
<div class="brand">连连支付 <span class="brand-en">LianLian Pay</span></div>
<span class="badge">${m.sandboxBadge}</span>
${switchHref ? html`<a class="lang" lang="${lang === 'en' ? 'zh-CN' : 'en'}" href="${switchHref}">${m.switchLang}</a>` : null}
</header>`;
}

/** The order as the cashier shows it; `paid` says 已付金额 / Amount paid instead of 应付金额 / Amount due. */
export function summary(order: Order, m: Messages, paid = false): Html {
  const f = order.fields;
  return html`<dl class="summary">
<dt>${m.merchant}</dt><dd>${order.oidPartner}</dd>
<dt>${m.order}</dt><dd data-testid="sandbox-no-order">${order.noOrder}</dd>
<dt>${m.goods}</dt><dd>${f.name_goods}</dd>
<dt>${m.orderTime}</dt><dd>${fmtStamp(order.createdAt)}</dd>
<dt>${m.validUntil}</dt><dd>${fmtStamp(order.expiresAt)}</dd>
<dt>${paid ? m.amountPaid : m.amount}</dt><dd class="amount"><span data-testid="sandbox-amount">${f.money_order}</span> ${m.cny}</dd>
</dl>`;
}

function bankPicker(order: Order, m: Messages, lang: Lang): Html {
  const direct = order.bankCode === undefined ? undefined : findBank(order.bankCode);
  if (direct) {
    // bank_code given: LianLian skips its picker and goes straight to that bank (spec §3.1).
    return html`<p class="direct-bank">${m.directBank}: <strong>${lang === 'en' ? direct.en : direct.zh}</strong></p>`;
  }
  const options = BANKS.map((b, i) => html`<label class="bank"><input type="radio" name="bank_code" value="${b.code}"${i === 0 ? html` checked` : null}> ${lang === 'en' ? b.en : b.zh}</label>`);
  return html`<fieldset class="banks"><legend>${m.chooseBank}</legend>${options}</fieldset>`;
}

export function cardEntry(v: CashierView, m: Messages): Html {
  return html`<label class="card">${m.cardNo}
<input type="text" name="card_no" inputmode="numeric" autocomplete="off" placeholder="${m.cardHint}" value="${v.order.fields.card_no ?? ''}" data-testid="sandbox-card-no">
</label>
${v.cardError ? html`<p class="card-error" role="alert" data-testid="sandbox-card-error">${v.cardError.code} ${v.cardError.msg}</p>` : null}`;
}

/** The Express Pay cashier without a `pay_type`: online banking (preselected) or a card. */
function methodChoice(v: CashierView, m: Messages): Html {
  const card = v.cardError !== undefined;
  return html`<fieldset class="methods"><legend>${m.payMethod}</legend>
<label><input type="radio" name="method" value="bank" data-testid="sandbox-method-bank"${card ? null : html` checked`}> ${m.byBank}</label>
${bankPicker(v.order, m, v.lang)}
<label><input type="radio" name="method" value="card" data-testid="sandbox-method-card"${card ? html` checked` : null}> ${m.byCard}</label>
${cardEntry(v, m)}
</fieldset>`;
}

function instrumentEntry(v: CashierView, m: Messages): Html {
  if (v.order.instrument === 'choice') return methodChoice(v, m);
  return v.order.instrument === 'bank' ? bankPicker(v.order, m, v.lang) : cardEntry(v, m);
}

/** The Fail and Cancel buttons under every cashier. */
export function secondaryActions(base: string, m: Messages, lang: Lang): Html {
  return html`<div class="secondary-actions">
<form method="post" action="${base}/fail"><input type="hidden" name="lang" value="${lang}"><button type="submit" data-testid="sandbox-fail">${m.fail}</button></form>
<form method="post" action="${base}/cancel"><input type="hidden" name="lang" value="${lang}"><button type="submit" data-testid="sandbox-cancel">${m.cancel}</button></form>
</div>`;
}

export function cashierPage(v: CashierView): Html {
  const m = messages(v.lang);
  const base = `/cashier/${v.order.id}`;
  const body = html`${header(m, v.lang, `${base}?lang=${v.lang === 'en' ? 'zh' : 'en'}`)}
<main class="card-box">
<h1>${m.title}</h1>
${summary(v.order, m)}
<form method="post" action="${base}/pay" class="pay-form">
<input type="hidden" name="lang" value="${v.lang}">
${instrumentEntry(v, m)}
<button type="submit" class="primary" data-testid="sandbox-pay">${m.pay}</button>
</form>
${secondaryActions(base, m, v.lang)}
</main>`;
  return page({ lang: v.lang, title: m.title, body, mobile: v.order.gateway.reqData });
}
