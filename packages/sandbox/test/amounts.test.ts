import { beforeEach, describe, expect, it } from 'vitest';
import { beijingStamp } from '../src/lianlian/time.js';
import { createSandbox } from '../src/index.js';
import {
  control, lianlianKeys, merchant, openCashier, postForm, returnForm, signed, startSandbox, useSandboxAndReceiver, verifiesAsLianLian, waitFor, webFields,
} from './support/sandbox.js';

/**
 * Amounts the sandbox sends are written the way LianLian's back end writes them, Java's
 * `Double.toString` (spec §9: "0.1", "1000.0"), unless the control API switches to echoing the
 * merchant's own string.
 */
const t = useSandboxAndReceiver({ merchants: [merchant({ live: { web: true } })] });
beforeEach(async () => {
  await control(t.h.base, 'POST', '/reset', {});
});

type Json = Record<string, string>;
const post = async (path: string, body: Json): Promise<Json> =>
  (await (await fetch(`${t.h.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(body) })).json()) as Json;
const signedPart = ({ bank_name: _b, memo: _m, card_no: _c, ...rest }: Json): Json => rest;

/** Pays `money_order` on the web cashier; returns what LianLian's side sent back. */
async function pay(moneyOrder: string): Promise<{ fields: Json; ret: Json; notified: Json; queried: Json }> {
  const fields = webFields({ money_order: moneyOrder, notify_url: t.receiver.url });
  const page = await (await postForm(`${await openCashier(t.h.base, '/payment/bankgateway.htm', fields)}/pay`, { bank_code: '01020000' })).text();
  const ret = returnForm(page)!.fields;
  const hit = await waitFor(() => t.receiver.hits.find((x) => x.body.includes(fields.no_order)));
  const queried = await post('/orderquery.htm', signed({ oid_partner: fields.oid_partner, sign_type: 'RSA', no_order: fields.no_order, dt_order: fields.dt_order }));
  for (const message of [ret, JSON.parse(hit.body) as Json, signedPart(queried)]) expect(verifiesAsLianLian(message)).toBe(true);
  return { fields, ret, notified: JSON.parse(hit.body) as Json, queried };
}

async function refund(order: Json, money: string): Promise<{ answer: Json; notified: Json; queried: Json }> {
  const noRefund = `R${order.no_order}`;
  const dtRefund = beijingStamp(new Date());
  const answer = await post('/refund.htm', signed({ oid_partner: order.oid_partner, sign_type: 'RSA', no_refund: noRefund, dt_refund: dtRefund, money_refund: money, no_order: order.no_order, dt_order: order.dt_order, notify_url: t.receiver.url }));
  const hit = await waitFor(() => t.receiver.hits.find((x) => x.body.includes(noRefund)));
  const queried = await post('/refundquery.htm', signed({ oid_partner: order.oid_partner, sign_type: 'RSA', no_refund: noRefund, dt_refund: dtRefund }));
  for (const message of [answer, JSON.parse(hit.body) as Json, queried]) expect(verifiesAsLianLian(message)).toBe(true);
  return { answer, notified: JSON.parse(hit.body) as Json, queried };
}

describe('java (the default): Double.toString style everywhere LianLian writes an amount', () => {
  it.each([['10.00', '10.0'], ['0.10', '0.1'], ['49.95', '49.95'], ['1000.00', '1000.0'], ['100.01', '100.01']])('%s is sent back as %s', async (sent, java) => {
    const { ret, notified, queried } = await pay(sent);
    expect([ret.money_order, notified.money_order, queried.money_order]).toEqual([java, java, java]);
  });

  it('the notification log shows the fields as delivered, sign redacted', async () => {
    const { fields, notified } = await pay('10.00');
    const log = (await control<Array<{ fields: Json | null }>>(t.h.base, 'GET', `/notifications?no_order=${fields.no_order}`)).json;
    expect(log[0]?.fields).toEqual({ ...notified, sign: `[${notified.sign.length} chars]` });
    expect(log[0]?.fields?.money_order).toBe('10.0');
  });

  it('refund answers, notifications and queries too', async () => {
    const { fields } = await pay('30.00');
    const { answer, notified, queried } = await refund(fields, '0.20');
    expect([answer.money_refund, notified.money_refund, queried.money_refund]).toEqual(['0.2', '0.2', '0.2']);
  });

  it('from 10,000,000.00 CNY on, Java\'s scientific form (1.0E7): see docs/sandbox.md', async () => {
    expect((await pay('10000000.00')).notified.money_order).toBe('1.0E7');
    expect((await pay('9999999.99')).notified.money_order).toBe('9999999.99');
  });

  it('tampered_amount keeps the format: 10.00 arrives as 11.0, validly signed', async () => {
    await control(t.h.base, 'POST', '/faults', { kind: 'tampered_amount' });
    expect((await pay('10.00')).notified.money_order).toBe('11.0');
  });
});

describe('echo: the merchant\'s own string, switched by the control API', () => {
  it('GET and POST /__sandbox/settings switch the format; reset restores the start-up value', async () => {
    expect((await control(t.h.base, 'GET', '/settings')).json).toEqual({ amount_format: 'java' });
    expect(await control(t.h.base, 'POST', '/settings', { amount_format: 'echo' })).toEqual({ status: 200, json: { amount_format: 'echo' } });
    const { fields, ret, notified, queried } = await pay('10.00');
    expect([ret.money_order, notified.money_order, queried.money_order]).toEqual(['10.00', '10.00', '10.00']);
    const refunded = await refund(fields, '0.20');
    expect([refunded.answer.money_refund, refunded.notified.money_refund, refunded.queried.money_refund]).toEqual(['0.20', '0.20', '0.20']);
    await control(t.h.base, 'POST', '/faults', { kind: 'tampered_amount' });
    expect((await pay('10.00')).notified.money_order).toBe('11.00');
    await control(t.h.base, 'POST', '/reset', {});
    expect((await control(t.h.base, 'GET', '/settings')).json).toEqual({ amount_format: 'java' });
  });

  it('refuses a bad format or an unknown setting with 400 settings_invalid, and changes nothing', async () => {
    for (const body of [{ amount_format: 'two_decimals' }, { amount_format: 'echo', notify: 'fast' }, ['echo']]) {
      const res = await control<{ code: string; detail: string }>(t.h.base, 'POST', '/settings', body);
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('settings_invalid');
    }
    expect((await control(t.h.base, 'GET', '/settings')).json).toEqual({ amount_format: 'java' });
  });

  it('can be the start-up value (createSandbox({ amountFormat }), SANDBOX_AMOUNT_FORMAT)', async () => {
    const echo = await startSandbox({ amountFormat: 'echo' });
    try {
      expect((await control(echo.base, 'GET', '/settings')).json).toEqual({ amount_format: 'echo' });
    } finally {
      await echo.close();
    }
    const privateKeyPem = lianlianKeys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => createSandbox({ privateKeyPem, amountFormat: 'plain' as 'java' })).toThrow(/amountFormat must be "java" or "echo"/);
  });
});
