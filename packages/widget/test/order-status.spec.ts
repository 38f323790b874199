// <lianlian-order-status>: polling with backoff, final statuses, time limit, errors, visibility.
import { expect, test } from './fixtures.js';
import type { Locator, Page, Route } from '@playwright/test';
import type { FixtureServer } from './fixture-server.js';
import { fulfillJson, pageUrl, problem, recordedEvents, recordEvents, STATUS_URL } from './helpers.js';

function statusTag(attrs = ''): string {
  return `<lianlian-order-status endpoint="${STATUS_URL}" token="tok_1" interval="20" ${attrs}></lianlian-order-status>`;
}

/** Answers status polls from `answers` in turn (the last one repeats); returns the request URLs. */
async function routeStatus(page: Page, answers: ((route: Route) => Promise<void>)[]): Promise<string[]> {
  const urls: string[] = [];
  await page.route(
    (url) => url.href.startsWith(STATUS_URL),
    (route) => {
      urls.push(route.request().url());
      const answer = answers[Math.min(urls.length, answers.length) - 1];
      return answer(route);
    },
  );
  return urls;
}

const status = (value: string) => (route: Route) => fulfillJson(route, 200, { no_order: 'ORD1', status: value });

/**
 * Pauses the page's clock (Playwright's) before the page loads: the element's poll timers fire only
 * when the test moves time with `runFor`, however slow the machine is.
 */
async function pauseClock(page: Page): Promise<void> {
  await page.clock.install({ time: new Date('2026-01-01T00:00:00Z') });
  await page.clock.pauseAt(new Date('2026-01-01T00:00:01Z'));
}

/**
 * Counts the page's calls to fetch for STATUS_URL as they happen. A poll timer calls fetch before it
 * first awaits, and `runFor` fires timers synchronously, so once `runFor` returns every poll that
 * was due is counted, answered or not: no poll can still be on its way over the network.
 */
async function countStatusFetches(page: Page): Promise<void> {
  await page.addInitScript((statusUrl) => {
    const w = window as unknown as { __statusFetches: number };
    w.__statusFetches = 0;
    const realFetch = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.startsWith(statusUrl)) w.__statusFetches += 1;
      return realFetch(input, init);
    };
  }, STATUS_URL);
}

async function statusFetches(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __statusFetches: number }).__statusFetches);
}

/**
 * Moves page time until `el` shows `value`. Each step fires at most the one poll that is due; the
 * next is scheduled once its answer is in.
 */
async function runUntilStatus(page: Page, el: Locator, value: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.clock.runFor(100);
        return el.getAttribute('status');
      },
      { intervals: [50], timeout: 20_000 },
    )
    .toBe(value);
}

/**
 * Moves page time by many poll intervals (20 ms, growing to at most 200 ms) and returns how many
 * status fetches the page has made: an element that still polled would have made more.
 */
async function fetchesAfterSeveralIntervals(page: Page): Promise<number> {
  await page.clock.runFor(5_000);
  return statusFetches(page);
}

/** Opens an empty page, records events, then adds the element (so its first events are recorded). */
async function addStatusElement(page: Page, server: FixtureServer): Promise<Locator> {
  await page.goto(pageUrl(server, { body: '' }));
  await recordEvents(page);
  await page.evaluate((html) => document.querySelector('main')!.insertAdjacentHTML('beforeend', html), statusTag());
  return page.locator('lianlian-order-status');
}

test('polls with the token until a final status, announcing each change once', async ({ page, server }) => {
  await pauseClock(page);
  await countStatusFetches(page);
  const urls = await routeStatus(page, [status('created'), status('pending'), status('pending'), status('paid')]);
  const el = await addStatusElement(page, server);
  await runUntilStatus(page, el, 'paid');
  await expect(el.locator('[part="message"]')).toHaveText('Payment received. Thank you!');
  await expect(el.locator('[part="message"]')).toHaveAttribute('role', 'status');
  await expect(el.locator('[part="message"]')).toHaveAttribute('aria-live', 'polite');
  await expect(el.locator('[part="spinner"]')).toHaveCount(0);
  expect(new URL(urls[0]).searchParams.get('token')).toBe('tok_1');
  const events = await recordedEvents(page);
  expect(events.map((e) => e.detail)).toEqual([
    { no_order: 'ORD1', status: 'created', final: false },
    { no_order: 'ORD1', status: 'pending', final: false },
    { no_order: 'ORD1', status: 'paid', final: true },
  ]);
  expect(events[0]).toMatchObject({ className: 'LianLianStatusEvent', bubbles: true, composed: true });
  expect(urls).toHaveLength(4);
  expect(await fetchesAfterSeveralIntervals(page)).toBe(4);
  expect(urls).toHaveLength(4);
});

for (const [final, text] of [
  ['failed', 'The payment failed. You have not been charged.'],
  ['expired', 'This order has expired.'],
] as const) {
  test(`stops at ${final}`, async ({ page, server }) => {
    await pauseClock(page);
    await countStatusFetches(page);
    const urls = await routeStatus(page, [status('pending'), status(final)]);
    await page.goto(pageUrl(server, { body: statusTag() }));
    const el = page.locator('lianlian-order-status');
    await runUntilStatus(page, el, final);
    await expect(el.locator('[part="message"]')).toHaveText(text);
    expect(await fetchesAfterSeveralIntervals(page)).toBe(2);
    expect(urls).toHaveLength(2);
  });
}

test('shows pending while waiting, and gives up at the time limit', async ({ page, server }) => {
  // The page's clock is Playwright's, paused: time moves only when the test moves it, so a loaded
  // machine cannot run out the 400 ms limit before the pending state has been seen.
  await pauseClock(page);
  await countStatusFetches(page);
  const urls = await routeStatus(page, [status('pending')]);
  await page.goto(pageUrl(server, { body: statusTag('time-limit="400"') }));
  const el = page.locator('lianlian-order-status');
  await expect(el).toHaveAttribute('status', 'pending');
  await expect(el.locator('[part="spinner"]')).toHaveCount(1);
  await runUntilStatus(page, el, 'timeout');
  await expect(el.locator('[part="message"]')).toHaveText('We could not confirm your payment yet. Please refresh this page in a few minutes.');
  await expect(el.locator('[part="spinner"]')).toHaveCount(0);
  const polls = urls.length;
  // Backoff: 20, 30, 45, 68, 101, 152 … ms, so well under 400 / 20 polls fit in the limit.
  expect(polls).toBeGreaterThanOrEqual(2);
  expect(polls).toBeLessThan(10);
  expect(await fetchesAfterSeveralIntervals(page)).toBe(polls);
  expect(urls).toHaveLength(polls);
});

test('retryable failures (503, network) keep polling', async ({ page, server }) => {
  await routeStatus(page, [(route) => fulfillJson(route, 503, problem(503, 'internal_error')), (route) => route.abort('failed'), status('paid')]);
  await page.goto(pageUrl(server, { body: statusTag() }));
  await expect(page.locator('lianlian-order-status')).toHaveAttribute('status', 'paid');
});

test('a final error (token_unknown) stops polling and fires lianlian-error', async ({ page, server }) => {
  await pauseClock(page);
  await countStatusFetches(page);
  const urls = await routeStatus(page, [(route) => fulfillJson(route, 404, problem(404, 'token_unknown'))]);
  const el = await addStatusElement(page, server);
  await expect(el).toHaveAttribute('status', 'error');
  await expect(el.locator('[part="message"]')).toHaveText('This checkout has expired. Please check out again from your cart.');
  expect((await recordedEvents(page)).map((e) => [e.type, e.detail['code'], e.detail['retryable']])).toEqual([['lianlian-error', 'token_unknown', false]]);
  expect(await fetchesAfterSeveralIntervals(page)).toBe(1);
  expect(urls).toHaveLength(1);
});

test('a missing token is invalid_config, without a request', async ({ page, server }) => {
  const urls = await routeStatus(page, [status('paid')]);
  await page.goto(pageUrl(server, { body: `<lianlian-order-status endpoint="${STATUS_URL}"></lianlian-order-status>` }));
  await expect(page.locator('lianlian-order-status')).toHaveAttribute('status', 'error');
  expect(urls).toHaveLength(0);
});

/**
 * An element polling a status that stays `pending`, on paused page time, after its first poll:
 * that poll has been answered and the next one is only scheduled. Returns the status URLs requested.
 */
async function pendingOnPausedClock(page: Page, server: FixtureServer): Promise<string[]> {
  await pauseClock(page);
  await countStatusFetches(page);
  const urls = await routeStatus(page, [status('pending')]);
  await page.goto(pageUrl(server, { body: statusTag() }));
  await expect(page.locator('lianlian-order-status')).toHaveAttribute('status', 'pending');
  expect(await statusFetches(page)).toBe(1);
  return urls;
}

test('does not poll while the page is hidden, and checks at once when it is visible again', async ({ page, server }) => {
  const urls = await pendingOnPausedClock(page, server);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  expect(await fetchesAfterSeveralIntervals(page)).toBe(1);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  // At once: page time has not moved since.
  expect(await statusFetches(page)).toBe(2);
  await expect.poll(() => urls.length).toBe(2);
});

test('stops polling when removed', async ({ page, server }) => {
  const urls = await pendingOnPausedClock(page, server);
  await page.locator('lianlian-order-status').evaluate((el) => el.remove());
  expect(await fetchesAfterSeveralIntervals(page)).toBe(1);
  expect(urls).toHaveLength(1);
});

test('speaks Chinese under lang="zh-CN"', async ({ page, server }) => {
  await routeStatus(page, [status('paid')]);
  await page.goto(pageUrl(server, { lang: 'zh-CN', body: statusTag() }));
  await expect(page.locator('lianlian-order-status [part="message"]')).toHaveText('支付成功，谢谢！');
});

for (const [lang, final, text, retry] of [
  ['en', 'failed', 'The payment failed. You have not been charged.', 'Try again'],
  ['en', 'expired', 'This order has expired.', 'Try again'],
  ['zh-CN', 'failed', '支付失败，您未被扣款。', '重新支付'],
  ['zh-CN', 'expired', '该订单已过期。', '重新支付'],
] as const) {
  test(`${lang}: a ${final} order says so and offers "${retry}" (retry-href), firing lianlian-retry`, async ({ page, server }) => {
    await routeStatus(page, [status(final)]);
    const cart = pageUrl(server, { lang, body: '<h1 id="cart">cart</h1>' });
    await page.goto(pageUrl(server, { lang, body: statusTag(`retry-href="${cart.replaceAll('&', '&amp;')}"`) }));
    await recordEvents(page);
    const el = page.locator('lianlian-order-status');
    await expect(el).toHaveAttribute('status', final);
    await expect(el.locator('[part="label"]')).toHaveText(text);
    const link = page.getByRole('link', { name: retry });
    await expect(link).toHaveAttribute('part', 'retry');
    await link.click();
    await expect(page.locator('#cart')).toBeVisible();
    expect(page.url()).toBe(cart);
  });
}

test('lianlian-retry is cancelable: preventDefault keeps the page; no link without retry-href or while pending', async ({ page, server }) => {
  await routeStatus(page, [status('pending'), status('failed')]);
  await page.goto(pageUrl(server, { body: statusTag('id="with" retry-href="/cart"') + statusTag('id="without"') }));
  await recordEvents(page);
  await page.evaluate(() => document.addEventListener('lianlian-retry', (e) => e.preventDefault()));
  await expect(page.locator('#with')).toHaveAttribute('status', 'failed');
  await expect(page.locator('#without')).toHaveAttribute('status', 'failed');
  await expect(page.locator('#without [part="retry"]')).toHaveCount(0);
  const before = page.url();
  await page.locator('#with [part="retry"]').click();
  const retries = (await recordedEvents(page)).filter((e) => e.type === 'lianlian-retry');
  expect(retries).toEqual([
    {
      type: 'lianlian-retry',
      detail: { no_order: 'ORD1', status: 'failed', href: new URL('/cart', before).href },
      cancelable: true,
      bubbles: true,
      composed: true,
      className: 'LianLianRetryEvent',
    },
  ]);
  expect(page.url()).toBe(before);
});
