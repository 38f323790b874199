// <lianlian-checkout> in a real Chromium: states, events, form building, allowlist, single submission.
import { expect, test } from './fixtures.js';
import {
  checkoutTag,
  deferred,
  fulfillJson,
  LIANLIAN_ORIGINS,
  pageUrl,
  problem,
  recordedEvents,
  recordEvents,
  routeSigning,
  signedForm,
  SIGNING_URL,
} from './helpers.js';

test.describe('idle', () => {
  test('renders a real button with the default label, reflecting status="idle"', async ({ page, server }) => {
    await page.goto(pageUrl(server, { body: checkoutTag(server) }));
    const el = page.locator('lianlian-checkout');
    await expect(el).toHaveAttribute('status', 'idle');
    const button = page.getByRole('button', { name: 'Pay with LianLian' });
    await expect(button).toBeEnabled();
    expect(await button.evaluate((b) => [b.tagName, b.getAttribute('part'), b.getAttribute('aria-busy')])).toEqual(['BUTTON', 'button', 'false']);
    await expect(el.locator('[part="message"]')).toHaveAttribute('role', 'status');
    await expect(el.locator('[part="message"]')).toHaveAttribute('aria-live', 'polite');
  });

  test('shows the display-only amount, or a slotted custom label', async ({ page, server }) => {
    await page.goto(pageUrl(server, { body: checkoutTag(server, 'amount="88.00" id="a"') + checkoutTag(server, 'id="b"', 'Buy now') }));
    await expect(page.locator('#a button')).toHaveText('Pay ¥88.00 with LianLian');
    await expect(page.getByRole('button', { name: 'Buy now' })).toBeVisible();
  });

  test('a disabled element reflects disabled and does not sign', async ({ page, server }) => {
    const requests = await routeSigning(page, (route) => fulfillJson(route, 200, signedForm(server)));
    await page.goto(pageUrl(server, { body: checkoutTag(server, 'disabled') }));
    await expect(page.locator('lianlian-checkout button')).toBeDisabled();
    await page.locator('lianlian-checkout button').click({ force: true });
    await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'idle');
    expect(requests).toHaveLength(0);
  });
});

test.describe('checkout', () => {
  test('signing → redirecting: posts the token, fires lianlian-submit, posts the signed form to the gateway', async ({ page, server }) => {
    const release = deferred();
    const form = signedForm(server);
    const requests = await routeSigning(page, async (route) => {
      await release.promise;
      await fulfillJson(route, 200, form);
    });
    await page.goto(pageUrl(server, { body: checkoutTag(server) }));
    await recordEvents(page);
    const posts = server.posts.length;
    await page.getByRole('button').click();

    const el = page.locator('lianlian-checkout');
    await expect(el).toHaveAttribute('status', 'signing');
    await expect(page.getByRole('button')).toHaveAttribute('aria-busy', 'true');
    await expect(page.getByRole('button')).toHaveAttribute('aria-disabled', 'true');
    await expect(el.locator('[part="spinner"]')).toBeVisible();
    await expect(el.locator('[part="message"]')).toHaveText('Preparing payment…');
    expect(requests[0].postDataJSON()).toEqual({ token: 'tok_1', gateway_origins: [...LIANLIAN_ORIGINS, server.origin] });
    expect(requests[0].headers()['content-type']).toBe('application/json');

    const submitted = page.waitForEvent('framenavigated');
    release.resolve();
    await submitted;
    await expect(page.locator('#gateway')).toBeVisible();
    expect(server.posts).toHaveLength(posts + 1);
    const post = server.posts.at(-1)!;
    expect(post.path).toBe('/payment/bankgateway.htm');
    expect(post.contentType).toBe('application/x-www-form-urlencoded');
    expect(post.fields).toEqual(form.fields);
  });

  test('lianlian-submit is a typed, cancelable, bubbling, composed event with { no_order, action }', async ({ page, server }) => {
    await routeSigning(page, (route) => fulfillJson(route, 200, signedForm(server)));
    await page.goto(pageUrl(server, { body: checkoutTag(server) }));
    await recordEvents(page);
    await page.evaluate(() => document.addEventListener('lianlian-submit', (e) => e.preventDefault()));
    await page.getByRole('button').click();
    await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'idle');
    const [event] = await recordedEvents(page);
    expect(event).toEqual({
      type: 'lianlian-submit',
      detail: { no_order: 'ORD1', action: `${server.origin}/payment/bankgateway.htm` },
      cancelable: true,
      bubbles: true,
      composed: true,
      className: 'LianLianSubmitEvent',
    });
  });

  test('cancelling lianlian-submit stops navigation and leaves a usable button', async ({ page, server }) => {
    const requests = await routeSigning(page, (route) => fulfillJson(route, 200, signedForm(server)));
    await page.goto(pageUrl(server, { body: checkoutTag(server) }));
    await page.evaluate(() => document.addEventListener('lianlian-submit', (e) => e.preventDefault(), { once: true }));
    const posts = server.posts.length;
    await page.getByRole('button').click();
    await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'idle');
    expect(await page.locator('lianlian-checkout form').count()).toBe(0);
    expect(server.posts).toHaveLength(posts);
    expect(page.url()).toContain('/page?');
    // Usable again: the second click (not cancelled) goes through.
    await page.getByRole('button').click();
    await expect(page.locator('#gateway')).toBeVisible();
    expect(requests).toHaveLength(2);
  });

  test("H5's single req_data field (a JSON string) arrives byte for byte", async ({ page, server }) => {
    const reqData = JSON.stringify({ version: '1.0', oid_partner: '201304121000001004', name_goods: '商品 "A" & \'B\'', risk_item: '{"a":"1"}', sign: 'x/y+z=' });
    await routeSigning(page, (route) =>
      fulfillJson(route, 200, signedForm(server, { action: `${server.origin}/gateway/payment.htm`, fields: { req_data: reqData } })),
    );
    await page.goto(pageUrl(server, { body: checkoutTag(server) }));
    await page.getByRole('button').click();
    await expect(page.locator('#gateway')).toBeVisible();
    expect(server.posts.at(-1)!.fields).toEqual({ req_data: reqData });
  });

  test("LianLian's own gateway origins are allowed without gateway-origins", async ({ page, server }) => {
    const action = 'https://payment.lianlianpay.com/payment/bankgateway.htm';
    let posted = '';
    await page.route(action, (route) => {
      posted = route.request().postData() ?? '';
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>LianLian</title><h1 id="lianlian">LianLian</h1>' });
    });
    await routeSigning(page, (route) => fulfillJson(route, 200, signedForm(server, { action })));
    await page.goto(pageUrl(server, { body: `<lianlian-checkout endpoint="https://pay.example/v1/checkout" token="t"></lianlian-checkout>` }));
    await page.getByRole('button').click();
    await expect(page.locator('#lianlian')).toBeVisible();
    expect(new URLSearchParams(posted).get('no_order')).toBe('ORD1');
  });

  for (const action of ['https://evil.example/payment/bankgateway.htm', 'https://payment.lianlianpay.com.evil.example/x', 'http://payment.lianlianpay.com/payment/bankgateway.htm', 'javascript:alert(1)', '/relative']) {
    test(`refuses a form action outside the allowlist: ${action}`, async ({ page, server }) => {
      await routeSigning(page, (route) => fulfillJson(route, 200, signedForm(server, { action })));
      await page.goto(pageUrl(server, { body: checkoutTag(server) }));
      await recordEvents(page);
      await page.getByRole('button').click();
      const el = page.locator('lianlian-checkout');
      await expect(el).toHaveAttribute('status', 'error');
      const [event] = await recordedEvents(page);
      expect(event).toMatchObject({ type: 'lianlian-error', className: 'LianLianErrorEvent', bubbles: true, composed: true });
      expect(event.detail).toMatchObject({ code: 'gateway_not_allowed', retryable: false, message: 'Payment is unavailable. Please contact the shop.' });
      expect(String(event.detail['detail'])).toContain('gateway-origins');
      await expect(el.locator('[part="message"]')).toHaveText('Payment is unavailable. Please contact the shop.');
      await expect(page.getByRole('button')).toHaveAttribute('aria-disabled', 'true');
      expect(await el.locator('form').count()).toBe(0);
      expect(page.url()).toContain('/page?');
    });
  }

  test('a malformed gateway-origins entry is an invalid_config error', async ({ page, server }) => {
    await routeSigning(page, (route) => fulfillJson(route, 200, signedForm(server)));
    await page.goto(pageUrl(server, { body: checkoutTag(server, '', '').replace(/gateway-origins="[^"]*"/, 'gateway-origins="127.0.0.1:4100"') }));
    await recordEvents(page);
    await page.getByRole('button').click();
    await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'error');
    expect((await recordedEvents(page))[0].detail).toMatchObject({ code: 'invalid_config', retryable: false });
  });

  test('without gateway-origins covering the gateway, the server is told and refuses before signing: no form is posted', async ({ page, server }) => {
    // The real signing server answers this 422 before it touches the order (server test:
    // "refuses gateway_not_allowed (422) before touching the order").
    const requests = await routeSigning(page, (route) => fulfillJson(route, 422, problem(422, 'gateway_not_allowed')));
    await page.goto(pageUrl(server, { body: `<lianlian-checkout endpoint="${SIGNING_URL}" token="tok_1"></lianlian-checkout>` }));
    await recordEvents(page);
    const posts = server.posts.length;
    await page.getByRole('button').click();
    await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'error');
    await expect(page.locator('lianlian-checkout [part="message"]')).toHaveText('Payment is unavailable. Please contact the shop.');
    expect(requests.map((r) => r.postDataJSON() as unknown)).toEqual([{ token: 'tok_1', gateway_origins: LIANLIAN_ORIGINS }]);
    expect((await recordedEvents(page)).map((e) => e.detail)).toMatchObject([{ code: 'gateway_not_allowed', retryable: false }]);
    expect(server.posts).toHaveLength(posts);
  });

  test('gateway-origins accepts a space- or comma-separated list', async ({ page, server }) => {
    await routeSigning(page, (route) => fulfillJson(route, 200, signedForm(server)));
    const tag = checkoutTag(server).replace(/gateway-origins="([^"]*)"/, 'gateway-origins="https://a.example, $1  https://b.example"');
    await page.goto(pageUrl(server, { body: tag }));
    await page.getByRole('button').click();
    await expect(page.locator('#gateway')).toBeVisible();
  });
});

test.describe('one submission only', () => {
  test('double click and Enter-key repeats start one signing request and one form post', async ({ page, server }) => {
    const release = deferred();
    const requests = await routeSigning(page, async (route) => {
      await release.promise;
      await fulfillJson(route, 200, signedForm(server));
    });
    await page.goto(pageUrl(server, { body: checkoutTag(server) }));
    const posts = server.posts.length;
    const button = page.getByRole('button');
    await button.dblclick();
    await button.focus();
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'signing');
    release.resolve();
    await expect(page.locator('#gateway')).toBeVisible();
    expect(requests).toHaveLength(1);
    expect(server.posts).toHaveLength(posts + 1);
  });

  test('a second element on the page cannot start a second checkout', async ({ page, server }) => {
    const release = deferred();
    const requests = await routeSigning(page, async (route) => {
      await release.promise;
      await fulfillJson(route, 200, signedForm(server));
    });
    await page.goto(pageUrl(server, { body: checkoutTag(server, 'id="one"') + checkoutTag(server, 'id="two"') }));
    await page.locator('#one button').click();
    await expect(page.locator('#one')).toHaveAttribute('status', 'signing');
    await page.locator('#two button').click();
    await expect(page.locator('#two')).toHaveAttribute('status', 'idle');
    release.resolve();
    await expect(page.locator('#gateway')).toBeVisible();
    expect(requests).toHaveLength(1);
  });

  test('after a failure the other element may check out', async ({ page, server }) => {
    let calls = 0;
    await routeSigning(page, async (route) => {
      calls += 1;
      await (calls === 1 ? route.abort('failed') : fulfillJson(route, 200, signedForm(server)));
    });
    await page.goto(pageUrl(server, { body: checkoutTag(server, 'id="one"') + checkoutTag(server, 'id="two"') }));
    await page.locator('#one button').click();
    await expect(page.locator('#one')).toHaveAttribute('status', 'error');
    await page.locator('#two button').click();
    await expect(page.locator('#gateway')).toBeVisible();
  });
});

test.describe('back-forward cache', () => {
  test('a persisted pageshow restores a usable button mid-redirect', async ({ page, server }) => {
    await routeSigning(page, (route) => fulfillJson(route, 200, signedForm(server, { action: `${server.origin}/gateway/hang.htm` })));
    // A 204 answer to the form post leaves the page where it is, in "redirecting", as it is when
    // frozen into the back-forward cache.
    await page.route(`${server.origin}/gateway/hang.htm`, (route) => route.fulfill({ status: 204 }));
    await page.goto(pageUrl(server, { body: checkoutTag(server) }));
    await page.getByRole('button').click();
    const el = page.locator('lianlian-checkout');
    await expect(el).toHaveAttribute('status', 'redirecting');
    await expect(el.locator('[part="message"]')).toHaveText('Taking you to LianLian Pay…');
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
    await expect(el).toHaveAttribute('status', 'idle');
    await expect(page.getByRole('button')).toHaveAttribute('aria-busy', 'false');
    await expect(page.getByRole('button')).toHaveAttribute('aria-disabled', 'false');
    expect(await el.locator('form').count()).toBe(0);
  });

  test('a non-persisted pageshow (first load) changes nothing', async ({ page, server }) => {
    const release = deferred();
    await routeSigning(page, async (route) => {
      await release.promise;
      await fulfillJson(route, 200, signedForm(server));
    });
    await page.goto(pageUrl(server, { body: checkoutTag(server) }));
    await page.getByRole('button').click();
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false })));
    await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'signing');
    release.resolve();
    await expect(page.locator('#gateway')).toBeVisible();
  });

  test('going back from the gateway shows an idle, usable button', async ({ page, server }) => {
    await routeSigning(page, (route) => fulfillJson(route, 200, signedForm(server)));
    await page.goto(pageUrl(server, { body: checkoutTag(server) }));
    await page.getByRole('button').click();
    await expect(page.locator('#gateway')).toBeVisible();
    await page.goBack();
    await expect(page.locator('lianlian-checkout')).toHaveAttribute('status', 'idle');
    await page.getByRole('button').click();
    await expect(page.locator('#gateway')).toBeVisible();
  });
});
