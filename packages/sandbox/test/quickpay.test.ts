import { describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../src/index.js';
import { beijingStamp } from '../src/lianlian/time.js';
import { control, errorText, merchant, openCashier, postForm, postGateway, returnForm, signed, verifiesAsLianLian, waitFor, useSandboxAndReceiver, webFields } from './support/sandbox.js';

/**
 * The H5 quick-pay cashier `wap.lianlianpay.com/payment.htm` (spec §3.4, §9), product
 * `h5_quickpay`: req_data in, its own phone page, res_data POST back, card-based pay_type.
 */
const t = useSandboxAndReceiver();

type Json = Record<string, string>;
const PATH = '/payment.htm';

/** As LianLian's H5 demos send it: version 1.2, app_request 3, no timestamp, userreq_ip or pay_type. */
function quickpayFields(extra: Json = {}): Json {
  const { charset_name: _c, userreq_ip: _u, timestamp: _t, ...rest } = webFields({ notify_url: t.receiver.url });
  return { ...rest, version: '1.2', app_request: '3', ...extra };
}

describe('admission', () => {
  it('needs the h5_quickpay product: an Easy Pay H5 merchant gets 3010', async () => {
    await control(t.h.base, 'POST', '/merchants', merchant({ oid_partner: '201304121000003333', products: ['h5'] }));
    const res = await postGateway(t.h.base, PATH, signed(quickpayFields({ oid_partner: '201304121000003333' })), { h5: true });
    expect(errorText(await res.text())).toBe('3010 商户无此支付产品权限');
  });

  it('takes no timestamp, as every integration sends it; one that is sent is still checked', async () => {
    await openCashier(t.h.base, PATH, quickpayFields(), { h5: true });
    await openCashier(t.h.base, PATH, quickpayFields({ timestamp: beijingStamp(new Date()) }), { h5: true });
    const now = new Date();
    t.h.clock.now = now;
    try {
      const stale = await postGateway(t.h.base, PATH, signed(quickpayFields({ timestamp: beijingStamp(new Date(now.getTime() - 31 * 60_000)) })), { h5: true });
      expect(errorText(await stale.text())).toBe('1004 商户请求参数校验错误[timestamp]');
    } finally {
      t.h.clock.now = undefined;
    }
  });

  it('accepts versions 1.0 to 1.2 and refuses Easy Pay codes (1004 [pay_type])', async () => {
    for (const version of ['1.0', '1.1']) await openCashier(t.h.base, PATH, quickpayFields({ version }), { h5: true });
    const res = await postGateway(t.h.base, PATH, signed(quickpayFields({ pay_type: 'M' })), { h5: true });
    expect(errorText(await res.text())).toBe('1004 商户请求参数校验错误[pay_type]');
  });
});

describe('its own page, and what comes back', () => {
  it('is the phone quick-pay page, with the holder masked and a link to change the details', async () => {
    const cashier = await openCashier(t.h.base, PATH, quickpayFields({ acct_name: '张三丰', back_url: 'http://shop.test:3000/cart' }), { h5: true });
    const page = await (await fetch(cashier)).text();
    expect(page).toContain('data-testid="sandbox-quickpay"');
    expect(page).toContain('class="mobile"');
    expect(page).toContain('**丰');
    expect(page).not.toContain('张三丰');
    expect(page).toContain('href="http://shop.test:3000/cart"');
    expect(page).not.toContain('name="bank_code"');
  });

  it.each([['success', '2'], ['credit_success', '3']] as const)('a %s card: notification pay_type %s, res_data return waiting for the tap', async (card, payType) => {
    const fields = quickpayFields();
    const page = await (await postForm(`${await openCashier(t.h.base, PATH, fields, { h5: true })}/pay`, { card_no: TEST_CARDS[card].card_no })).text();
    const ret = returnForm(page)!;
    expect(Object.keys(ret.fields)).toEqual(['res_data']);
    expect(ret.auto).toBe(false);
    const data = JSON.parse(ret.fields.res_data) as Json;
    expect(Object.keys(data).sort()).toEqual(['dt_order', 'money_order', 'no_order', 'oid_partner', 'oid_paybill', 'result_pay', 'settle_date', 'sign', 'sign_type']);
    expect(data).toMatchObject({ no_order: fields.no_order, result_pay: 'SUCCESS', money_order: '0.01' });
    expect(verifiesAsLianLian(data)).toBe(true);
    const hit = await waitFor(() => t.receiver.hits.find((x) => x.body.includes(fields.no_order)));
    const notified = JSON.parse(hit.body) as Json;
    expect(notified).toMatchObject({ result_pay: 'SUCCESS', pay_type: payType });
    expect(verifiesAsLianLian(notified)).toBe(true);
  });

  it('syschnotify_flag=1 sends the buyer back at once; a requested D is reported as D', async () => {
    const fields = quickpayFields({ syschnotify_flag: '1', pay_type: 'D' });
    const page = await (await postForm(`${await openCashier(t.h.base, PATH, fields, { h5: true })}/pay`, { card_no: TEST_CARDS.credit_success.card_no })).text();
    expect(returnForm(page)!.auto).toBe(true);
    const hit = await waitFor(() => t.receiver.hits.find((x) => x.body.includes(fields.no_order)));
    expect(JSON.parse(hit.body)).toMatchObject({ pay_type: 'D' });
  });

  it('a declined card stays on the quick-pay page', async () => {
    const cashier = await openCashier(t.h.base, PATH, quickpayFields(), { h5: true });
    const page = await (await postForm(`${cashier}/pay`, { card_no: TEST_CARDS.insufficient_funds.card_no })).text();
    expect(page).toContain('data-testid="sandbox-quickpay"');
    expect(page).toContain('data-testid="sandbox-card-error">1005 支付失败:余额不足<');
  });
});
