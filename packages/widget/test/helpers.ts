// Shared setup for the widget's component specs.
import { expect } from '@playwright/test';
import type { Page, Request, Route } from '@playwright/test';
import { LIANLIAN_GATEWAY_ORIGINS } from '../src/shared/gateway.js';
import type { FixtureServer } from './fixture-server.js';

/** Where the specs pretend the signing server lives (cross-origin, answered by `page.route`). */
export const SIGNING_URL = 'https://pay.example/v1/checkout';
export const STATUS_URL = 'https://pay.example/v1/checkout/status';

/**
 * LianLian's own gateway origins, which the element always sends in `gateway_origins`. The list
 * itself is the element's (lianlian-api.md §3); the specs check that it is sent, and where.
 */
export const LIANLIAN_ORIGINS = LIANLIAN_GATEWAY_ORIGINS;

export interface PageOptions {
  body: string;
  lang?: string;
  script?: string;
  referrer?: string;
  csp?: boolean;
}

export function pageUrl(server: FixtureServer, options: PageOptions): string {
  const q = new URLSearchParams({ body: options.body, lang: options.lang ?? 'en' });
  if (options.script) q.set('script', options.script);
  if (options.referrer) q.set('referrer', options.referrer);
  if (options.csp) q.set('csp', '1');
  return `${server.origin}/page?${q.toString()}`;
}

/** A `<lianlian-checkout>` tag talking to SIGNING_URL and allowed to post to the fixture server. */
export function checkoutTag(server: FixtureServer, attrs = '', label = ''): string {
  return `<lianlian-checkout endpoint="${SIGNING_URL}" token="tok_1" gateway-origins="${server.origin}" ${attrs}>${label}</lianlian-checkout>`;
}

export interface SignedFormBody {
  action: string;
  method: string;
  accept_charset: string;
  fields: Record<string, string>;
  no_order: string;
}

export function signedForm(server: FixtureServer, overrides: Partial<SignedFormBody> = {}): SignedFormBody {
  return {
    action: `${server.origin}/payment/bankgateway.htm`,
    method: 'POST',
    accept_charset: 'UTF-8',
    fields: { oid_partner: '201304121000001004', no_order: 'ORD1', money_order: '0.01', name_goods: '测试商品 "引号" & <tag>', sign: 'abc+/=' },
    no_order: 'ORD1',
    ...overrides,
  };
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };

/** Answers a route with JSON (or problem+json), with the CORS headers the real server sends. */
export async function fulfillJson(route: Route, status: number, body: unknown): Promise<void> {
  const contentType = status >= 400 ? 'application/problem+json' : 'application/json';
  await route.fulfill({ status, headers: { ...CORS, 'content-type': contentType }, body: JSON.stringify(body) });
}

/**
 * Routes SIGNING_URL to `answer`. Preflights are answered here too, so each entry of `requests`
 * is one real POST.
 */
export async function routeSigning(page: Page, answer: (route: Route, request: Request) => Promise<void>): Promise<Request[]> {
  const requests: Request[] = [];
  await page.route(SIGNING_URL, async (route, request) => {
    if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: { ...CORS, 'access-control-allow-methods': 'POST' } });
    requests.push(request);
    return answer(route, request);
  });
  return requests;
}

export function problem(status: number, code: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: `https://pay.example/problems/${code}`, title: code, status, code, detail: `detail for ${code}`, requestId: 'req-42', ...extra };
}

export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export interface RecordedEvent {
  type: string;
  detail: Record<string, unknown>;
  cancelable: boolean;
  bubbles: boolean;
  composed: boolean;
  className: string;
}

/** Starts recording the elements' events on `document` (they bubble and are composed). */
export async function recordEvents(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const w = window as unknown as { __events: unknown[] };
    w.__events = [];
    // The bundle's class names are minified: name the class by the export it is.
    const src = document.querySelector<HTMLScriptElement>('script[type="module"]')!.src;
    const exports = (await import(src)) as Record<string, unknown>;
    for (const type of ['lianlian-submit', 'lianlian-error', 'lianlian-status', 'lianlian-retry']) {
      document.addEventListener(type, (e) => {
        const { detail } = e as Event & { detail: unknown };
        const className = Object.keys(exports).find((name) => exports[name] === e.constructor) ?? e.constructor.name;
        w.__events.push({ type, detail, cancelable: e.cancelable, bubbles: e.bubbles, composed: e.composed, className });
      });
    }
  });
}

export async function recordedEvents(page: Page): Promise<RecordedEvent[]> {
  return page.evaluate(() => (window as unknown as { __events: RecordedEvent[] }).__events);
}

/** Collects the elements' console warnings (`[lianlian-checkout] …`, `[lianlian-order-status] …`) from now on. */
export function collectWarnings(page: Page): string[] {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().startsWith('[lianlian-')) warnings.push(message.text());
  });
  return warnings;
}

/**
 * Console messages arrive in order: once a marker logged now has arrived, any warning the element
 * logged before it has too. Returns the elements' warnings so far without the marker.
 */
export async function warningsSoFar(page: Page, warnings: string[]): Promise<string[]> {
  await page.evaluate(() => console.warn('[lianlian-test] marker'));
  await expect.poll(() => warnings.some((w) => w.includes('marker'))).toBe(true);
  const real = warnings.filter((w) => !w.includes('marker'));
  warnings.length = 0;
  warnings.push(...real);
  return real;
}

/** Serves the fixture server's pages as http://shop.test/… (not localhost, so not development mode). */
export async function serveAsShopTest(page: Page, server: FixtureServer): Promise<void> {
  await page.route('http://shop.test/**', async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({ url: `${server.origin}${url.pathname}${url.search}` });
    await route.fulfill({ response });
  });
}
