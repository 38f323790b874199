import type { Response } from 'express';
import { html, type Html } from './html.js';
import type { Lang } from './i18n.js';

export const STATIC_PREFIX = '/__sandbox/static';

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
<link rel="stylesheet" href="${STATIC_PREFIX}/sandbox.css">
${(o.scripts ?? []).map((s) => html`<script src="${STATIC_PREFIX}/${s}" defer></script>`)}
</head>
<body class="${o.mobile ? 'mobile' : 'desktop'}">
${o.body}
</body>
</html>`;
}

const csp = (formAction: string): string =>
  `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action ${formAction}; base-uri 'none'; frame-ancestors 'none'`;

/** Sends a page under a strict CSP: scripts, styles and forms only from and to the sandbox. */
export function sendPage(res: Response, body: Html): void {
  res.setHeader('Content-Security-Policy', csp("'self'"));
  res.type('html').send(body.value);
}

/**
 * Same CSP, except that forms may leave for any http(s) URL: the buyer goes back to the merchant's
 * `url_return`, and Chrome applies `form-action` to every redirect that follows the POST (the
 * merchant's return handler redirects on to the shop), so naming one origin would block it.
 */
export function sendPageToMerchant(res: Response, body: Html): void {
  res.setHeader('Content-Security-Policy', csp("'self' http: https:"));
  res.type('html').send(body.value);
}
