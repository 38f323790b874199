import type { SandboxContext } from '../context.js';
import { exportPublicKey } from '../crypto/keys.js';
import { FAULT_KINDS } from '../faults.js';
import { GATEWAYS } from '../lianlian/products.js';
import { describeMerchant } from '../merchants.js';
import { html, type Html } from '../pages/html.js';
import { page } from '../pages/layout.js';
import type { NotificationAttempt, Order } from '../store.js';
import { orderState } from './views.js';

const time = (iso: string): string => iso.slice(11, 23);

function merchantsSection(ctx: SandboxContext): Html {
  const rows = [...ctx.merchants.values()].map(describeMerchant).map((m) => html`<tr>
<td>${m.oid_partner}</td><td>${(m.products as string[]).join(', ')}</td><td>${(m.domains as string[]).join(' ')}</td>
<td>${Object.entries(m.live as Record<string, boolean>).filter(([, v]) => v).map(([k]) => k).join(', ') || '—'}</td><td>${m.md5_key_set ? 'yes' : 'no'}</td></tr>`);
  return html`<section><h2>Merchants</h2><table><thead><tr><th>oid_partner</th><th>products</th><th>whitelisted domains</th><th>live</th><th>MD5 key</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

function faultsSection(ctx: SandboxContext): Html {
  const rows = ctx.faults.map((f) => html`<tr><td>${f.id}</td><td>${f.kind}</td><td>${f.no_order ?? 'all orders'}</td>
<td>${JSON.stringify({ count: f.count, concurrent: f.concurrent || undefined, delay_ms: f.delay_ms, content_type: f.content_type, threshold_ms: f.threshold_ms })}</td>
<td><button type="button" data-action="delete-fault" data-id="${f.id}">Switch off</button></td></tr>`);
  return html`<section><h2>Faults</h2><table><thead><tr><th>id</th><th>kind</th><th>scope</th><th>parameters</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<form id="fault-form" class="inline">
<label>kind <select name="kind">${FAULT_KINDS.map((k) => html`<option value="${k}">${k}</option>`)}</select></label>
<label>no_order <input name="no_order" placeholder="all orders"></label>
<label>count <input name="count" type="number" min="2" value="2"></label>
<label><input name="concurrent" type="checkbox"> concurrent</label>
<label>delay_ms <input name="delay_ms" type="number" min="1" value="3000"></label>
<label>content_type <select name="content_type"><option>application/json</option><option>form</option></select></label>
<label>threshold_ms <input name="threshold_ms" type="number" min="1" value="1000"></label>
<button type="submit">Switch on</button></form></section>`;
}

function timeline(attempts: readonly NotificationAttempt[]): Html {
  return html`<span class="timeline">${attempts.map((a) => html`<span class="dot ${a.ok ? 'ok' : 'bad'}" title="${`${time(a.at)} #${a.attempt}.${a.copy} ${a.kind} ${a.status ?? a.error ?? ''} ${a.latency_ms} ms`}"></span>`)}</span>`;
}

function ordersSection(ctx: SandboxContext): Html {
  const now = ctx.now();
  const rows = [...ctx.store.orders.values()].reverse().map((o: Order) => html`<tr>
<td><a href="/cashier/${o.id}">${o.noOrder}</a></td><td>${o.oidPartner}</td><td>${o.gateway.product}</td><td>${o.fields.money_order}</td>
<td class="state-${orderState(o, now)}">${orderState(o, now)}</td><td>${time(o.createdAt.toISOString())}</td>
<td>${timeline(ctx.store.notifications.filter((n) => n.no_order === o.noOrder))}</td>
<td><button type="button" data-action="resend" data-no-order="${o.noOrder}" data-oid="${o.oidPartner}">Resend notification</button>
<select data-result-for="${o.noOrder}">${['SUCCESS', 'WAITING', 'PROCESSING', 'REFUND', 'FAILURE'].map((r) => html`<option${r === o.resultPay ? html` selected` : null}>${r}</option>`)}</select>
<button type="button" data-action="set-result" data-no-order="${o.noOrder}" data-oid="${o.oidPartner}">Set result_pay</button></td></tr>`);
  return html`<section><h2>Orders</h2><table><thead><tr><th>no_order</th><th>merchant</th><th>product</th><th>amount</th><th>state</th><th>created (UTC)</th><th>callback timeline</th><th></th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function notificationsSection(ctx: SandboxContext): Html {
  const rows = ctx.store.notifications.slice(-200).reverse().map((n) => html`<tr class="${n.ok ? 'ok' : 'bad'}">
<td>${time(n.at)}</td><td>${n.kind}</td><td>${n.no_order}${n.no_refund ? html` / ${n.no_refund}` : null}</td><td>${n.attempt}.${n.copy}</td>
<td>${n.status ?? '—'}</td><td>${n.latency_ms} ms</td><td>${n.ok ? 'ok' : 'failed'}</td><td><code>${n.error ?? n.answer}</code></td><td>${n.faults.join(', ')}</td></tr>`);
  return html`<section><h2>Notification attempts</h2><table><thead><tr><th>at (UTC)</th><th>kind</th><th>order</th><th>attempt.copy</th><th>HTTP</th><th>latency</th><th>result</th><th>answer</th><th>faults</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function requestsSection(ctx: SandboxContext): Html {
  const rows = ctx.store.requests.slice(-100).reverse().map((r) => html`<tr class="${r.ret_code === '0000' ? 'ok' : 'bad'}">
<td>${time(r.at)}</td><td>${r.path}</td><td>${r.oid_partner ?? ''}</td><td>${r.no_order ?? ''}</td><td>${r.ret_code} ${r.ret_msg}</td><td>${r.detail}</td></tr>`);
  return html`<section><h2>Requests received</h2><table><thead><tr><th>at (UTC)</th><th>path</th><th>merchant</th><th>no_order</th><th>answer</th><th>detail</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** `/__sandbox/`: the sandbox for people (issue 6). Actions go through the JSON control API. */
export function dashboardPage(ctx: SandboxContext): Html {
  const key = exportPublicKey(ctx.lianlianKey);
  const body = html`<header class="top"><div class="brand">LianLian sandbox</div><span class="badge">dashboard</span>
<label class="lang"><input type="checkbox" id="auto-refresh" checked> auto-refresh</label>
<button type="button" data-action="reset">Reset orders, logs and faults</button></header>
<main class="dashboard">
<section><h2>Gateways</h2><p>${ctx.publicUrl ?? ''} ${GATEWAYS.map((g) => html`<code>${g.path}</code> (${g.product}) `)} <code>/orderquery.htm</code> <code>/refund.htm</code> <code>/refundquery.htm</code></p>
<p data-testid="amount-format">Amounts are sent ${ctx.settings.amountFormat === 'java' ? "as LianLian writes them (Java's Double.toString: 0.1, 1000.0)" : 'as the merchant sent them (echo)'}; <code>POST /__sandbox/settings</code> switches.</p>
<details><summary>LianLian public key (give it to the signing server)</summary><pre>${key.pem}</pre><code class="wrap">${key.base64}</code></details></section>
${merchantsSection(ctx)}${faultsSection(ctx)}${ordersSection(ctx)}${notificationsSection(ctx)}${requestsSection(ctx)}
</main>`;
  return page({ lang: 'en', title: 'LianLian sandbox dashboard', body, scripts: ['dashboard.js'] });
}
