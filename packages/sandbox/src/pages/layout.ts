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

/**
 * Sends a page under a strict CSP: scripts and styles only from the sandbox itself, forms only to
 * the sandbox and to the origins a page really posts to (the merchant's `url_return`).
 */
export function sendPage(res: Response, body: Html, formOrigins: readonly string[] = []): void {
  const formAction = ["'self'", ...formOrigins].join(' ');
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action ${formAction}; base-uri 'none'; frame-ancestors 'none'`,
  );
  res.type('html').send(body.value);
}
