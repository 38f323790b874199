import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, errorText, openCashier, postForm, returnForm, startReceiver, startSandbox, verifiesAsLianLian, waitFor, webFields, type Harness } from './support/sandbox.js';

let h: Harness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  h = await startSandbox();
  receiver = await startReceiver();
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

describe('web cashier walking skeleton (bankgateway + Pay + return + notify)', () => {
  it('shows the hosted page with amount, bank picker (first preselected) and Pay/Fail/Cancel', async () => {
    const cashier = await openCashier(h.base, '/payment/bankgateway.htm', webFields({ notify_url: receiver.url }));
    const res = await fetch(cashier);
    const page = await res.text();
    expect(page).toMatch(/data-testid="sandbox-amount">0\.01</);
    for (const id of ['sandbox-pay', 'sandbox-fail', 'sandbox-cancel']) expect(page).toContain(`data-testid="${id}"`);
    expect(page).toMatch(/<input type="radio" name="bank_code" value="01020000" checked>/);
    expect(page).toContain('lang="zh-CN"');
    expect(page).not.toMatch(/<script>|<style|style="/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'; style-src 'self'/);
    const english = await (await fetch(`${cashier}?lang=en`)).text();
    expect(english).toContain('Amount due');
  });

  it('Pay returns the buyer with signed flat fields and notifies text/json until 0000', async () => {
    const fields = webFields({ notify_url: receiver.url });
    const cashier = await openCashier(h.base, '/payment/bankgateway.htm', fields);
    const res = await postForm(`${cashier}/pay`, { bank_code: '03080000' });
    const page = await res.text();
    const ret = returnForm(page)!;
    expect(ret.action).toBe(fields.url_return);
    expect(ret.auto).toBe(true);
    expect(page).toContain('src="/__sandbox/static/autosubmit.js"');
    expect(page).toContain('data-testid="sandbox-return"');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'; style-src 'self'");
    expect(ret.fields).toMatchObject({ no_order: fields.no_order, money_order: '0.01', result_pay: 'SUCCESS', bank_code: '03080000', pay_type: '1', oid_partner: fields.oid_partner });
    expect(verifiesAsLianLian(ret.fields)).toBe(true);

    const hit = await waitFor(() => receiver.hits.find((x) => x.body.includes(fields.no_order)));
    expect(hit.headers['content-type']).toBe('text/json;charset=utf-8');
    const body = JSON.parse(hit.body) as Record<string, string>;
    expect(body).toMatchObject({ no_order: fields.no_order, result_pay: 'SUCCESS', info_order: '', sign_type: 'RSA' });
    expect(verifiesAsLianLian(body)).toBe(true);
    const attempts = await waitFor(async () => {
      const { json } = await control<{ ok: boolean; status: number; latency_ms: number }[]>(h.base, 'GET', `/notifications?no_order=${fields.no_order}`);
      return json.length > 0 && json;
    });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ ok: true, status: 200 });
    const order = await control<{ result_pay: string; state: string }>(h.base, 'GET', `/orders/${fields.no_order}`);
    expect(order.json).toMatchObject({ result_pay: 'SUCCESS', state: 'success' });
  });

  it('Fail sends no notification and no return', async () => {
    const fields = webFields({ notify_url: receiver.url });
    const cashier = await openCashier(h.base, '/payment/bankgateway.htm', fields);
    const page = await (await postForm(`${cashier}/fail`, {})).text();
    expect(page).toContain('data-testid="sandbox-failed"');
    expect(returnForm(page)).toBeUndefined();
    const order = await control<{ result_pay: string }>(h.base, 'GET', `/orders/${fields.no_order}`);
    expect(order.json.result_pay).toBe('FAILURE');
    // A later successful payment's notification proves the sender ran; none came for this order.
    const other = webFields({ notify_url: receiver.url });
    await postForm(`${await openCashier(h.base, '/payment/bankgateway.htm', other)}/pay`, { bank_code: '01020000' });
    await waitFor(() => receiver.hits.some((x) => x.body.includes(other.no_order)));
    expect(receiver.hits.some((x) => x.body.includes(fields.no_order))).toBe(false);
  });

  it('Cancel keeps the order open and payable', async () => {
    const fields = webFields({ notify_url: receiver.url, url_order: `http://shop.test:3000/cart` });
    const cashier = await openCashier(h.base, '/payment/bankgateway.htm', fields);
    const page = await (await postForm(`${cashier}/cancel`, {})).text();
    expect(page).toContain('data-testid="sandbox-cancelled"');
    expect(page).toMatch(/href="http:\/\/shop\.test:3000\/cart" data-testid="sandbox-back-to-merchant">返回商户</);
    expect((await control<{ result_pay: string }>(h.base, 'GET', `/orders/${fields.no_order}`)).json.result_pay).toBe('WAITING');
    expect(await (await fetch(cashier)).text()).toContain('data-testid="sandbox-pay"');
  });

  it('goes straight to the bank named by bank_code and escapes merchant text', async () => {
    const fields = webFields({ notify_url: receiver.url, bank_code: '01050000', name_goods: '<b>"x"</b>' });
    const page = await (await fetch(await openCashier(h.base, '/payment/bankgateway.htm', fields))).text();
    expect(page).not.toContain('name="bank_code"');
    expect(page).toContain('中国建设银行');
    expect(page).toContain('&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
    const paid = await (await postForm(`${page.match(/action="(\/cashier\/[^"]+)\/pay"/)![1].replace(/^/, h.base)}/pay`, {})).text();
    expect(returnForm(paid)!.fields.bank_code).toBe('01050000');
  });

  it('a second Pay on a paid order shows it as already paid, and takes no second payment', async () => {
    const fields = webFields({ notify_url: receiver.url });
    const cashier = await openCashier(h.base, '/payment/bankgateway.htm', fields);
    await postForm(`${cashier}/pay`, { bank_code: '01020000' });
    const again = await (await postForm(`${cashier}/pay`, { bank_code: '01020000' })).text();
    expect(errorText(again)).toBeUndefined();
    expect(again).toContain('data-testid="sandbox-already-paid"');
    expect(returnForm(again)).toBeUndefined();
    const order = await control<{ events: { type: string }[] }>(h.base, 'GET', `/orders/${fields.no_order}`);
    expect(order.json.events.filter((e) => e.type === 'paid')).toHaveLength(1);
  });
});
