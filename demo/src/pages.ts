import { randomUUID } from 'node:crypto';
import { CATALOGUE, PAYMENT_PRODUCTS, formatPrice, type CatalogueItem } from './catalogue.js';
import { html, type SafeHtml } from './html.js';

/** Server-rendered pages of the demo shop. No inline scripts or styles: the page runs under a strict CSP. */
export interface PageOptions {
  title: string;
  scripts?: readonly string[];
}

export function layout(options: PageOptions, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="content-type" content="text/html;charset=UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · 茶舍 Tea House (lianlian-checkout demo)</title>
<link rel="stylesheet" href="/static/shop.css">
${(options.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>`)}
</head>
<body>
<header class="site"><a href="/" class="brand">茶舍 Tea House</a><span class="tag">lianlian-checkout demo · sandbox</span></header>
<main>${body}</main>
<footer>Payments by LianLian Pay (sandbox). Nothing here moves real money.</footer>
</body>
</html>`.value;
}

function productCard(item: CatalogueItem): SafeHtml {
  return html`<li class="card">
  <h2>${item.name}</h2><p class="en">${item.nameEn}</p>
  <p class="price" data-testid="price-${item.sku}">${formatPrice(item.priceFen)}</p>
  <form method="post" action="/buy">
    <input type="hidden" name="sku" value="${item.sku}">
    <input type="hidden" name="nonce" value="${randomUUID()}">
    <label>支付方式 Payment
      <select name="product" data-testid="product-${item.sku}">
        ${PAYMENT_PRODUCTS.map((p) => html`<option value="${p.product}">${p.label}</option>`)}
      </select>
    </label>
    <button type="submit" data-testid="buy-${item.sku}">购买 Buy</button>
  </form>
</li>`;
}

export function cataloguePage(): string {
  return layout(
    { title: '商品 Products' },
    html`<h1>商品 Products</h1>
<p class="note">Prices stay under 50 CNY: LianLian caps each customer at 50 CNY per transaction, day and month until a product goes live.</p>
<ul class="grid">${CATALOGUE.map(productCard)}</ul>`,
  );
}

export interface CheckoutView {
  noOrder: string;
  item: CatalogueItem;
  product: string;
  token: string;
  serverPublicUrl: string;
  sandboxOrigin: string;
}

export function checkoutPage(v: CheckoutView): string {
  return layout(
    { title: '结算 Checkout', scripts: [`${v.serverPublicUrl}/widget/lianlian-checkout.js`] },
    html`<h1>结算 Checkout</h1>
<section class="summary">
  <p>订单号 Order <code data-testid="no-order">${v.noOrder}</code></p>
  <p>${v.item.name} · ${v.item.nameEn}</p>
  <p class="price">${formatPrice(v.item.priceFen)}</p>
  <p>支付方式 Payment: ${v.product}</p>
</section>
<lianlian-checkout endpoint="${v.serverPublicUrl}/v1/checkout" token="${v.token}" lang="zh-CN"
  gateway-origins="${v.sandboxOrigin}" amount="${formatPrice(v.item.priceFen)}"></lianlian-checkout>
<p><a href="/orders/${v.noOrder}">订单状态 Order status</a></p>`,
  );
}

export interface OrderView {
  noOrder: string;
  status: string;
  amount: string;
  nameGoods: string;
  events: ReadonlyArray<{ type: string; at: string }>;
  webhooks: ReadonlyArray<{ type: string; id: string }>;
  token: string | undefined;
  returnStatus: string | undefined;
  serverPublicUrl: string;
}

export function orderPage(v: OrderView): string {
  return layout(
    { title: `订单 ${v.noOrder}`, scripts: [`${v.serverPublicUrl}/widget/lianlian-order-status.js`] },
    html`<h1>订单 Order <code>${v.noOrder}</code></h1>
<p>${v.nameGoods} · ¥${v.amount}</p>
<p>状态 Status (from the signing server): <strong data-testid="order-status">${v.status}</strong></p>
${v.returnStatus ? html`<p class="note">LianLian's return said: <span data-testid="return-status">${v.returnStatus}</span> (a hint; the notification decides).</p>` : ''}
${v.token
  ? html`<lianlian-order-status endpoint="${v.serverPublicUrl}/v1/checkout/status" token="${v.token}" lang="zh-CN" retry-href="/"></lianlian-order-status>`
  : ''}
<h2>History</h2>
<ol class="events" data-testid="order-events">${v.events.map((e) => html`<li><code>${e.type}</code> <time>${e.at}</time></li>`)}</ol>
<h2>Webhooks received by the shop</h2>
<ol data-testid="shop-webhooks">${v.webhooks.map((w) => html`<li><code>${w.type}</code> ${w.id}</li>`)}</ol>
<p><a href="/">继续购物 Continue shopping</a></p>`,
  );
}

export function errorPage(title: string, detail: string, code: string): string {
  return layout({ title }, html`<h1>${title}</h1><p class="error" data-testid="shop-error" data-code="${code}">${detail}</p><p><a href="/">返回 Back</a></p>`);
}
