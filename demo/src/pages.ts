import { randomUUID } from 'node:crypto';
import { CATALOGUE, PAYMENT_PRODUCTS, formatAmount, formatPrice, productLabel, type CatalogueItem } from './catalogue.js';
import { html, type SafeHtml } from './html.js';
import { beijingTime, eventLabel, messages, statusLabel, type Lang } from './i18n.js';

/** Server-rendered pages of the demo shop. No inline scripts or styles: the page runs under a strict CSP. */
export interface PageOptions {
  title: string;
  lang: Lang;
  /** The page's own path and query, for the language switch. */
  path: string;
  scripts?: readonly string[];
}

/** A tea cup on the shop's green, inline so the tab has an icon without another request. */
const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#2f6f57"/><path d="M7 12h16v5a7 7 0 0 1-7 7h-2a7 7 0 0 1-7-7z" fill="#fff"/><path d="M23 14h2a3 3 0 0 1 0 6h-2" fill="none" stroke="#fff" stroke-width="2"/></svg>',
)}`;

/** `path` with `lang` set to `lang`, keeping its other query parameters. */
function withLang(path: string, lang: Lang): string {
  const url = new URL(path, 'http://shop.invalid');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}

export function layout(options: PageOptions, body: SafeHtml): string {
  const m = messages(options.lang);
  const other: Lang = options.lang === 'en' ? 'zh-CN' : 'en';
  return html`<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="content-type" content="text/html;charset=UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${m.shopName} (lianlian-checkout demo)</title>
<link rel="icon" href="${FAVICON}">
<link rel="stylesheet" href="/static/shop.css">
${(options.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>`)}
</head>
<body>
<header class="site"><a href="/" class="brand">${m.shopName}</a><span class="tag">${m.tagline}</span>
<a class="lang" href="${withLang(options.path, other)}" hreflang="${other}" lang="${other}" data-testid="lang-switch">${m.switchTo}</a></header>
<main>${body}</main>
<footer>${m.footer}</footer>
</body>
</html>`.value;
}

const itemName = (item: CatalogueItem, lang: Lang): string => (lang === 'en' ? item.nameEn : item.name);

function productCard(item: CatalogueItem, lang: Lang, validOrder: number | undefined): SafeHtml {
  const m = messages(lang);
  return html`<li class="card">
  <h2>${itemName(item, lang)}</h2>
  <p class="price" data-testid="price-${item.sku}">${formatPrice(item.priceFen)}</p>
  <form method="post" action="/buy">
    <input type="hidden" name="sku" value="${item.sku}">
    <input type="hidden" name="nonce" value="${randomUUID()}">
    ${validOrder === undefined ? '' : html`<input type="hidden" name="valid_order" value="${validOrder}">`}
    <label>${m.payment}
      <select name="product" data-testid="product-${item.sku}">
        ${PAYMENT_PRODUCTS.map((p) => html`<option value="${p.product}">${p.label}</option>`)}
      </select>
    </label>
    <button type="submit" data-testid="buy-${item.sku}">${m.buy}</button>
  </form>
</li>`;
}

export function cataloguePage(lang: Lang, path: string, validOrder: number | undefined): string {
  const m = messages(lang);
  return layout(
    { title: m.products, lang, path },
    html`<h1>${m.products}</h1>
<p class="note">${m.limitNote}</p>
<ul class="grid">${CATALOGUE.map((item) => productCard(item, lang, validOrder))}</ul>`,
  );
}

/** "Try again": a new checkout for the same item and payment product. */
function tryAgainForm(lang: Lang, again: { sku: string; product: string } | undefined): SafeHtml {
  const m = messages(lang);
  if (!again) return html`<p><a href="/" data-testid="try-again">${m.tryAgain}</a></p>`;
  return html`<form method="post" action="/buy" class="again">
  <input type="hidden" name="sku" value="${again.sku}">
  <input type="hidden" name="product" value="${again.product}">
  <input type="hidden" name="nonce" value="${randomUUID()}">
  <p>${m.tryAgainText}</p>
  <button type="submit" data-testid="try-again">${m.tryAgain}</button>
</form>`;
}

/** Why an unpaid order can no longer be paid (or was not), and the way to a new one. */
export type Unpaid = 'failed' | 'expired' | 'not_completed';

function unpaidNotice(lang: Lang, why: Unpaid, again: { sku: string; product: string } | undefined): SafeHtml {
  const m = messages(lang);
  const [title, text] = why === 'failed' ? [m.failed, m.failedText] : why === 'expired' ? [m.expired, m.expiredText] : [m.notCompleted, m.notCompletedText];
  return html`<section class="unpaid" data-testid="order-unpaid" data-reason="${why}" role="status">
  <h2>${title}</h2><p>${text}</p>
  ${tryAgainForm(lang, again)}
</section>`;
}

export interface CheckoutView {
  lang: Lang;
  path: string;
  noOrder: string;
  item: CatalogueItem;
  product: string;
  token: string;
  serverPublicUrl: string;
  sandboxOrigin: string;
  /** Set when the order can no longer be paid: the page says so instead of showing the button. */
  unpaid: Unpaid | undefined;
}

export function checkoutPage(v: CheckoutView): string {
  const m = messages(v.lang);
  return layout(
    { title: m.checkout, lang: v.lang, path: v.path, scripts: v.unpaid ? [] : [`${v.serverPublicUrl}/widget/lianlian-checkout.js`] },
    html`<h1>${m.checkout}</h1>
<section class="summary">
  <p>${m.order} <code class="order-no" data-testid="no-order">${v.noOrder}</code></p>
  <p>${itemName(v.item, v.lang)}</p>
  <p class="price">${formatPrice(v.item.priceFen)}</p>
  <p>${m.payment}: ${productLabel(v.product)}</p>
</section>
${v.unpaid
  ? unpaidNotice(v.lang, v.unpaid, { sku: v.item.sku, product: v.product })
  : html`<lianlian-checkout endpoint="${v.serverPublicUrl}/v1/checkout" token="${v.token}" lang="${v.lang}"
  gateway-origins="${v.sandboxOrigin}" amount="${formatAmount(v.item.priceFen)}"></lianlian-checkout>`}
<p><a href="/orders/${v.noOrder}">${m.orderStatus}</a></p>`,
  );
}

export interface OrderView {
  lang: Lang;
  path: string;
  noOrder: string;
  status: string;
  amount: string;
  nameGoods: string;
  events: ReadonlyArray<{ type: string; at: string }>;
  webhooks: ReadonlyArray<{ type: string; id: string }>;
  token: string | undefined;
  returnStatus: string | undefined;
  serverPublicUrl: string;
  unpaid: Unpaid | undefined;
  again: { sku: string; product: string } | undefined;
}

export function orderPage(v: OrderView): string {
  const m = messages(v.lang);
  const showStatusElement = v.token !== undefined && v.unpaid === undefined;
  return layout(
    { title: `${m.orderTitle} ${v.noOrder}`, lang: v.lang, path: v.path, scripts: showStatusElement ? [`${v.serverPublicUrl}/widget/lianlian-order-status.js`] : [] },
    html`<h1>${m.orderTitle} <code class="order-no">${v.noOrder}</code></h1>
<p>${v.nameGoods} · ¥${v.amount}</p>
<p>${m.status}: <strong data-testid="order-status" data-status="${v.status}">${statusLabel(v.status, v.lang)}</strong></p>
${v.unpaid ? unpaidNotice(v.lang, v.unpaid, v.again) : ''}
${v.returnStatus && !v.unpaid ? html`<p class="note">${m.returnSaid}<span data-testid="return-status">${statusLabel(v.returnStatus, v.lang)}</span>${m.returnHint}</p>` : ''}
${showStatusElement
  ? html`<lianlian-order-status endpoint="${v.serverPublicUrl}/v1/checkout/status" token="${v.token}" lang="${v.lang}" retry-href="/"></lianlian-order-status>`
  : ''}
<h2>${m.history}</h2>
<ol class="events" data-testid="order-events">${v.events.map((e) => html`<li data-type="${e.type}">${eventLabel(e.type, v.lang)} <time datetime="${e.at}">${beijingTime(e.at)}</time></li>`)}</ol>
<h2>${m.webhooks}</h2>
<ol data-testid="shop-webhooks">${v.webhooks.map((w) => html`<li><code>${w.type}</code> ${w.id}</li>`)}</ol>
<p><a href="/">${m.continueShopping}</a></p>`,
  );
}

export function errorPage(lang: Lang, title: string, detail: string, code: string): string {
  const m = messages(lang);
  return layout({ title, lang, path: '/' }, html`<h1>${title}</h1><p class="error" data-testid="shop-error" data-code="${code}">${detail}</p><p><a href="/">${m.back}</a></p>`);
}
