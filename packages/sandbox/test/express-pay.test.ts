import { describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../src/index.js';
import { control, errorText, openCashier, postForm, postGateway, returnForm, signed, verifiesAsLianLian, waitFor, useSandboxAndReceiver, webFields } from './support/sandbox.js';

/**
 * bankgateway.htm is LianLian's Express Pay cashier (spec §9): besides online banking (pay_type
 * 1/8/9) it takes cards (quick pay 2/3, verified D), and its notifications report 1, 2, D and O.
 */
const t = useSandboxAndReceiver();

type Json = Record<string, string>;
const BANK = '/payment/bankgateway.htm';

async function paid(fields: Json, form: Json): Promise<{ ret: Json; notified: Json }> {
  const page = await (await postForm(`${await openCashier(t.h.base, BANK, fields)}/pay`, form)).text();
  const ret = returnForm(page)?.fields;
  if (!ret) throw new Error(`not paid: ${errorText(page) ?? page.slice(0, 300)}`);
  const hit = await waitFor(() => t.receiver.hits.find((x) => x.body.includes(fields.no_order)));
  const notified = JSON.parse(hit.body) as Json;
  expect(verifiesAsLianLian(ret) && verifiesAsLianLian(notified)).toBe(true);
  return { ret, notified };
}

const order = (extra: Json = {}): Json => webFields({ notify_url: t.receiver.url, ...extra });

describe('without pay_type the buyer chooses online banking or a card', () => {
  it('shows both, online banking preselected', async () => {
    const page = await (await fetch(await openCashier(t.h.base, BANK, order()))).text();
    expect(page).toMatch(/data-testid="sandbox-method-bank" checked/);
    expect(page).toContain('data-testid="sandbox-method-card"');
    expect(page).toContain('name="bank_code"');
    expect(page).toContain('data-testid="sandbox-card-no"');
  });

  it('online banking reports pay_type 1 and the bank', async () => {
    const { ret, notified } = await paid(order(), { method: 'bank', bank_code: '03080000' });
    expect(notified).toMatchObject({ pay_type: '1', bank_code: '03080000' });
    expect(ret).toMatchObject({ pay_type: '1', bank_code: '03080000' });
  });

  it.each([['success', '2'], ['credit_success', '3']] as const)('a %s card reports quick pay %s, with no_agree and no bank_code', async (card, payType) => {
    const { notified } = await paid(order(), { method: 'card', card_no: TEST_CARDS[card].card_no });
    expect(notified.pay_type).toBe(payType);
    expect(notified.no_agree).toMatch(/^\d{18}$/);
    expect(notified.bank_code).toBeUndefined();
  });

  it('a declined card is shown on the same page with the card option kept', async () => {
    const cashier = await openCashier(t.h.base, BANK, order());
    const page = await (await postForm(`${cashier}/pay`, { method: 'card', card_no: TEST_CARDS.declined.card_no })).text();
    expect(page).toContain('data-testid="sandbox-card-error">1005 支付失败:银行拒绝交易<');
    expect(page).toMatch(/data-testid="sandbox-method-card" checked/);
  });
});

describe('a requested pay_type decides the page and what is reported', () => {
  it.each([['1', '1'], ['8', '8'], ['9', '9']])('online banking %s: the bank picker, reported as %s', async (requested, reported) => {
    const fields = order({ pay_type: requested });
    expect(await (await fetch(await openCashier(t.h.base, BANK, fields))).text()).not.toContain('sandbox-card-no');
    expect((await paid(order({ pay_type: requested }), { bank_code: '01020000' })).notified.pay_type).toBe(reported);
  });

  it.each([['2', 'success', '2'], ['3', 'credit_success', '3'], ['D', 'success', 'D'], ['D', 'credit_success', 'D']] as const)(
    'card payment %s with a %s card: card entry only, reported as %s',
    async (requested, card, reported) => {
      const fields = order({ pay_type: requested });
      const page = await (await fetch(await openCashier(t.h.base, BANK, fields))).text();
      expect(page).toContain('data-testid="sandbox-card-no"');
      expect(page).not.toContain('name="bank_code"');
      expect((await paid(order({ pay_type: requested }), { card_no: TEST_CARDS[card].card_no })).notified.pay_type).toBe(reported);
    },
  );

  it('quick pay 2 takes debit cards only, 3 credit cards only', async () => {
    const debit = await openCashier(t.h.base, BANK, order({ pay_type: '2' }));
    expect(await (await postForm(`${debit}/pay`, { card_no: TEST_CARDS.credit_success.card_no })).text()).toContain('1005 支付失败:仅支持借记卡');
    const credit = await openCashier(t.h.base, BANK, order({ pay_type: '3' }));
    expect(await (await postForm(`${credit}/pay`, { card_no: TEST_CARDS.success.card_no })).text()).toContain('1005 支付失败:仅支持信用卡');
  });

  it.each(['M', 'F', 'P', 'L', 'O', '22'])('refuses pay_type %s on bankgateway.htm (1004 [pay_type])', async (payType) => {
    const res = await postGateway(t.h.base, BANK, signed(order({ pay_type: payType })));
    expect(errorText(await res.text())).toBe('1004 商户请求参数校验错误[pay_type]');
  });
});

describe('POST /__sandbox/orders/:no_order/pay_type: any code LianLian may report', () => {
  it('puts "O" in the next notification and in the query answer', async () => {
    const fields = order();
    await paid(fields, { bank_code: '01020000' });
    const set = await control<{ pay_type: string }>(t.h.base, 'POST', `/orders/${fields.no_order}/pay_type`, { pay_type: 'O' });
    expect(set).toMatchObject({ status: 200, json: { pay_type: 'O' } });
    await control(t.h.base, 'POST', `/orders/${fields.no_order}/notify`);
    const again = await waitFor(() => t.receiver.hits.filter((x) => x.body.includes(fields.no_order)).at(1));
    expect(JSON.parse(again.body)).toMatchObject({ pay_type: 'O' });
    const query = signed({ oid_partner: fields.oid_partner, sign_type: 'RSA', no_order: fields.no_order, dt_order: fields.dt_order });
    const answer = (await (await fetch(`${t.h.base}/orderquery.htm`, { method: 'POST', body: JSON.stringify(query) })).json()) as Json;
    expect(answer.pay_type).toBe('O');
  });

  it('refuses what is not one code (400 pay_type_invalid)', async () => {
    const fields = order();
    await openCashier(t.h.base, BANK, fields);
    for (const value of ['', 'OO', 'o', 2]) {
      const res = await control<{ code: string }>(t.h.base, 'POST', `/orders/${fields.no_order}/pay_type`, { pay_type: value });
      expect([res.status, res.json.code]).toEqual([400, 'pay_type_invalid']);
    }
  });
});
