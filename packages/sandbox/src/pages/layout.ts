import type { Response } from 'express';
import { html, type Html } from './html.js';
import type { Lang } from './i18n.js';

export const STATIC_PREFIX = '/__sandbox/static';

/** LianLian's orange mark as an inline SVG, so the tab shows more than a blank page (CSP allows `data:` images). */
const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#ff5001"/><path d="M9 7v18h14v-4h-9.5V7z" fill="#fff"/></svg>',
)}`;

export interface PageOptions {
  readonly lang: Lang;
  readonly title: string;
  readonly body: Html;
  readonly scripts?: readonly string[];
  /** H5 gateways get the narrow mobile layout. */
  readonly mobile?: boolean;
}

export function page(o: PageOptions): Html {
  return html`<!doctype html>
<html lang="${o.lang === 'en' ? 'en' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title}</title>
<link rel="icon" href="${FAVICON}">
<link rel="stylesheet" href="${STATIC_PREFIX}/sandbox.css">
${['fresh.js', ...(o.scripts ?? [])].map((s) => html`<script src="${STATIC_PREFIX}/${s}" defer></script>`)}
</head>
<body class="${o.mobile ? 'mobile' : 'desktop'}">
${o.body}
</body>
</html>`;
}

const csp = (formAction: string): string =>
  `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action ${formAction}; base-uri 'none'; frame-ancestors 'none'`;

/**
 * Every page shows the order's state now: `no-store` keeps the browser's Back from showing a
 * stale cashier from its cache (Chrome reuses cached pages on history navigation), and fresh.js
 * reloads a page restored from the back/forward cache.
 */
function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
}

/** Sends a page under a strict CSP: scripts, styles and forms only from and to the sandbox. */
export function sendPage(res: Response, body: Html): void {
  noStore(res);
  res.setHeader('Content-Security-Policy', csp("'self'"));
  res.type('html').send(body.value);
}

/**
 * Same CSP, except that forms may leave for any http(s) URL: the buyer goes back to the merchant's
 * `url_return`, and Chrome applies `form-action` to every redirect that follows the POST (the
 * merchant's return handler redirects on to the shop), so naming one origin would block it.
 */
export function sendPageToMerchant(res: Response, body: Html): void {
  noStore(res);
  res.setHeader('Content-Security-Policy', csp("'self' http: https:"));
  res.type('html').send(body.value);
}
