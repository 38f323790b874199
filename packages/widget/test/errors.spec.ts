// <lianlian-checkout> failures: every server code, network failure, timeout, bad answers, retry.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import type { FixtureServer } from './fixture-server.js';
import { checkoutTag, fulfillJson, pageUrl, problem, recordedEvents, recordEvents, routeSigning, SIGNING_URL, signedForm } from './helpers.js';

/** Server codes (status, retryable) and the English text each shows. */
const SERVER_CODES: [code: string, status: number, retryable: boolean, message: string][] = [
  ['token_unknown', 404, false, 'This checkout has expired. Please check out again from your cart.'],
  ['token_expired', 410, false, 'This checkout has expired. Please check out again from your cart.'],
  ['order_paid', 409, false, 'This order has already been paid.'],
  ['order_failed', 409, false, 'This order can no longer be paid.'],
  ['order_expired', 409, false, 'This order can no longer be paid.'],
  ['limit_exceeded', 422, false, 'This payment is over the single-payment limit.'],
  ['origin_not_allowed', 403, false, 'Payment is unavailable. Please contact the shop.'],
  ['product_not_enabled', 422, false, 'Payment is unavailable. Please contact the shop.'],
  ['invalid_request', 400, false, 'Payment is unavailable. Please contact the shop.'],
  ['rate_limited', 429, true, 'Too many attempts. Please wait and try again.'],
  ['internal_error', 500, true, 'The payment service failed. Please try again.'],
];

for (const [code, status, retryable, message] of SERVER_CODES) {
  test(`server code ${code} (${status}) → "${message}", retryable ${retryable}`, async ({ page, server }) => {
    const body = problem(status, code, status === 429 || status >= 500 ? { retryable: true } : {});
    await routeSigning(page, (route) => fulfillJson(route, status, body));
    await page.goto(pageUrl(server, { body: checkoutTag(server) }));
    await recordEvents(page);
    await page.getByRole('button').click();
    const el = page.locator('lianlian-checkout');
    await expect(el).toHaveAttribute('status', 'error');
    await expect(el.locator('[part="message"]')).toHaveText(message);
    const events = await recordedEvents(page);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'lianlian-error', className: 'LianLianErrorEvent', bubbles: true, composed: true, cancelable: false });
    expect(events[0].detail).toEqual({ code, message, retryable, detail: `detail for ${code}`, requestId: 'req-42' });
    if (retryable) {
      await expect(page.getByRole('button', { name: 'Try again' })).toHaveAttribute('aria-disabled', 'false');
    } else {
      await expect(page.getByRole('button', { name: 'Pay with LianLian' })).toHaveAttribute('aria-disabled', 'true');
    }
  });
}

/** Loads `body` (the checkout tag by default), presses pay, waits for the error state: the first event's detail. */
async function failedDetail(page: Page, server: FixtureServer, body = checkoutTag(server)): Promise<Record<string, unknown>> {
  await page.goto(pageUrl(server, { body }));
  await recordEvents(page);
  await page.getByRole('button').click();
  await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'error');
  return (await recordedEvents(page))[0].detail;
}

test('the server\'s explicit "retryable" wins over the status', async ({ page, server }) => {
  await routeSigning(page, (route) => fulfillJson(route, 503, problem(503, 'internal_error', { retryable: false })));
  expect(await failedDetail(page, server)).toMatchObject({ code: 'internal_error', retryable: false });
});

test('an unknown code gets the generic message', async ({ page, server }) => {
  await routeSigning(page, (route) => fulfillJson(route, 422, problem(422, 'brand_new_code')));
  await page.goto(pageUrl(server, { body: checkoutTag(server) }));
  await recordEvents(page);
  await page.getByRole('button').click();
  await expect(page.locator('lianlian-checkout [part="message"]')).toHaveText('The payment could not start. Please try again.');
  expect((await recordedEvents(page))[0].detail).toMatchObject({ code: 'brand_new_code', retryable: false });
});

test('a 502 without a problem body (a proxy page) is internal_error, retryable', async ({ page, server }) => {
  await routeSigning(page, (route) => route.fulfill({ status: 502, headers: { 'access-control-allow-origin': '*' }, contentType: 'text/html', body: '<h1>Bad gateway</h1>' }));
  await page.goto(pageUrl(server, { body: checkoutTag(server) }));
  await recordEvents(page);
  await page.getByRole('button').click();
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  expect((await recordedEvents(page))[0].detail).toMatchObject({ code: 'internal_error', retryable: true, detail: 'HTTP 502 from https://pay.example/v1/checkout' });
});

test('a network failure is network_error, retryable, and retry then succeeds', async ({ page, server }) => {
  let calls = 0;
  const requests = await routeSigning(page, async (route) => {
    calls += 1;
    await (calls === 1 ? route.abort('connectionrefused') : fulfillJson(route, 200, signedForm(server)));
  });
  await page.goto(pageUrl(server, { body: checkoutTag(server) }));
  await recordEvents(page);
  await page.getByRole('button').click();
  await expect(page.locator('lianlian-checkout [part="message"]')).toHaveText('Could not reach the payment service. Please try again.');
  const [event] = await recordedEvents(page);
  expect(event.detail).toMatchObject({ code: 'network_error', retryable: true });
  expect(String(event.detail['detail'])).toContain('ALLOWED_ORIGINS');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('#gateway')).toBeVisible();
  expect(requests).toHaveLength(2);
});

test('no answer within `timeout` ms aborts the request: timeout, retryable', async ({ page, server }) => {
  // Page time is Playwright's, paused: it moves only by runFor, so the test can look at 399 ms and at
  // 400 ms exactly, however slow the machine is.
  await page.clock.install({ time: new Date('2026-01-01T00:00:00Z') });
  await page.clock.pauseAt(new Date('2026-01-01T00:00:01Z'));
  let aborted = false;
  await page.route(SIGNING_URL, (route) => {
    if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' } });
    return undefined; // never answers
  });
  page.on('requestfailed', (request) => {
    if (request.url() === SIGNING_URL) aborted = true;
  });
  await page.goto(pageUrl(server, { body: checkoutTag(server, 'timeout="400"') }));
  await recordEvents(page);
  // The timeout's timer is set just before fetch, so once the POST is out the 400 ms have started.
  const posted = page.waitForRequest((request) => request.url() === SIGNING_URL && request.method() === 'POST');
  await page.getByRole('button').click();
  await posted;
  const el = page.locator('lianlian-checkout');
  await page.clock.runFor(399);
  await expect(el).toHaveAttribute('status', 'signing');
  expect(await recordedEvents(page)).toEqual([]);
  await page.clock.runFor(1);
  await expect(el).toHaveAttribute('status', 'error');
  await expect(el.locator('[part="message"]')).toHaveText('The payment service did not answer. Please try again.');
  expect((await recordedEvents(page))[0].detail).toMatchObject({ code: 'timeout', retryable: true });
  await expect.poll(() => aborted).toBe(true);
  await expect(page.getByRole('button', { name: 'Try again' })).toBeEnabled();
});

for (const [name, body] of [
  ['not an object', '[1,2]'],
  ['no action', JSON.stringify({ method: 'POST', accept_charset: 'UTF-8', fields: {}, no_order: 'x' })],
  ['a non-string field', JSON.stringify({ action: 'https://payment.lianlianpay.com/x', method: 'POST', accept_charset: 'UTF-8', fields: { a: 1 }, no_order: 'x' })],
  ['not JSON', 'hello'],
] as const) {
  test(`an answer that is ${name} is invalid_response`, async ({ page, server }) => {
    await routeSigning(page, (route) => route.fulfill({ status: 200, headers: { 'access-control-allow-origin': '*', 'content-type': 'application/json' }, body }));
    expect(await failedDetail(page, server)).toMatchObject({ code: 'invalid_response', retryable: false });
  });
}

test('a missing token is invalid_config, without a request', async ({ page, server }) => {
  const requests = await routeSigning(page, (route) => fulfillJson(route, 200, signedForm(server)));
  expect(await failedDetail(page, server, `<lianlian-checkout endpoint="https://pay.example/v1/checkout"></lianlian-checkout>`)).toMatchObject({ code: 'invalid_config', retryable: false });
  expect(requests).toHaveLength(0);
});

test('a new token clears a final error', async ({ page, server }) => {
  let calls = 0;
  await routeSigning(page, async (route) => {
    calls += 1;
    await (calls === 1 ? fulfillJson(route, 410, problem(410, 'token_expired')) : fulfillJson(route, 200, signedForm(server)));
  });
  await page.goto(pageUrl(server, { body: checkoutTag(server) }));
  await page.getByRole('button').click();
  await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'error');
  await page.locator('lianlian-checkout').evaluate((el) => el.setAttribute('token', 'tok_2'));
  await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'idle');
  await expect(page.locator('lianlian-checkout [part="message"]')).toHaveText('');
  await page.getByRole('button').click();
  await expect(page.locator('#gateway')).toBeVisible();
});

/** The server's limit_exceeded problem (packages/server/src/payments/limits.ts). */
function limitProblem(limit: string, resetsAt?: string): Record<string, unknown> {
  return problem(422, 'limit_exceeded', { limit, ...(resetsAt ? { resets_at: resetsAt } : {}), limit_amount: '50.00', remaining: '20.00', product: 'web' });
}

for (const [lang, limit, resetsAt, message] of [
  ['en', 'per_day', '2026-03-15T00:00:00+08:00', 'This payment is over the daily limit; it resets on 2026-03-15 00:00 Beijing time.'],
  ['zh-CN', 'per_day', '2026-03-15T00:00:00+08:00', '已超出每日支付限额，将于 2026-03-15 00:00（北京时间）恢复。'],
  ['en', 'per_month', '2026-04-01T00:00:00+08:00', 'This payment is over the monthly limit; it resets on 2026-04-01 00:00 Beijing time.'],
  ['zh-CN', 'per_month', '2026-04-01T00:00:00+08:00', '已超出每月支付限额，将于 2026-04-01 00:00（北京时间）恢复。'],
  ['zh-CN', 'per_transaction', undefined, '金额超出单笔支付限额。'],
] as const) {
  test(`${lang}: limit_exceeded ${limit} says which limit${resetsAt ? ' and when it resets' : ''}`, async ({ page, server }) => {
    await routeSigning(page, (route) => fulfillJson(route, 422, limitProblem(limit, resetsAt)));
    await page.goto(pageUrl(server, { lang, body: checkoutTag(server, 'amount="9.90"') }));
    await recordEvents(page);
    await page.getByRole('button').click();
    await expect(page.locator('lianlian-checkout [part="message"]')).toHaveText(message);
    expect((await recordedEvents(page))[0].detail).toMatchObject({ code: 'limit_exceeded', message, retryable: false });
  });
}

test('a limit text follows a later change of lang', async ({ page, server }) => {
  await routeSigning(page, (route) => fulfillJson(route, 422, limitProblem('per_day', '2026-03-15T00:00:00+08:00')));
  await page.goto(pageUrl(server, { body: checkoutTag(server) }));
  await page.getByRole('button').click();
  const message = page.locator('lianlian-checkout [part="message"]');
  await expect(message).toHaveText('This payment is over the daily limit; it resets on 2026-03-15 00:00 Beijing time.');
  await page.locator('lianlian-checkout').evaluate((el) => el.setAttribute('lang', 'zh-CN'));
  await expect(message).toHaveText('已超出每日支付限额，将于 2026-03-15 00:00（北京时间）恢复。');
});
