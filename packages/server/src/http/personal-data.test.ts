import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeOnEachDatabase } from '../../test/support/databases.js';
import { reconcileOrder } from '../payments/reconcile.js';
import { fakeLianLian } from '../../test/support/fake-lianlian.js';
import { generateTestKeys, OID_PARTNER, signAsLianLian } from '../../test/support/payments.js';
import { SHOP_KEY, startHarness, type Harness } from '../../test/support/harness.js';

/**
 * A full payment whose order fills every personal field (card pre-fill, agreement, real-name
 * risk_item, a delivery note), run through checkout (twice), a forged and a real notify, the return,
 * a forged and a real order query and the shop's order view, with LIANLIAN_DEBUG_SIGNATURES on: no
 * log line and no stored byte holds any of the buyer's values (issue 14). SQLite and PostgreSQL.
 */
const keys = generateTestKeys();
const BUYER = {
  card: '6222020200112233445', idNo: '11010519491231002X', name: '张三丰', phone: '13912345678',
  agreement: 'AGREE2026031500042', mail: 'zhang.sanfeng@example.cn',
};
const HOSTILE = 'X'.repeat(5000);

async function fullPayment(h: Harness): Promise<{ noOrder: string; riskItems: string[] }> {
  const created = await h.post('/v1/orders', {
    amount: '0.01', name_goods: '测试商品', user_id: 'u10001', product: 'easypay', pay_type: 'M', info_order: 'order 42',
    card_no: BUYER.card, id_no: BUYER.idNo, id_type: '0', acct_name: BUYER.name, no_agree: BUYER.agreement,
    risk_item: { user_info_bind_phone: BUYER.phone, user_info_full_name: BUYER.name, user_info_id_no: BUYER.idNo, user_info_mail: BUYER.mail },
  }, { authorization: `Bearer ${SHOP_KEY}`, 'idempotency-key': `idem-${randomBytes(4).toString('hex')}` });
  expect(created.status).toBe(201);
  const { no_order: noOrder, checkout_token: token } = (await created.json()) as { no_order: string; checkout_token: string };
  const riskItems: string[] = [];
  for (const _ of [1, 2]) {
    const form = (await (await h.checkout(token)).json()) as { fields: Record<string, string> };
    expect(form.fields.card_no).toBe(BUYER.card);
    riskItems.push(form.fields.risk_item ?? '');
  }
  const order = await h.ledger.getOrder(noOrder);
  const paid = {
    oid_partner: OID_PARTNER, no_order: noOrder, dt_order: order?.dtOrder ?? '', oid_paybill: '2026031500001234', money_order: '0.01',
    result_pay: 'SUCCESS', settle_date: '20260315', info_order: 'order 42', pay_type: 'D', bank_code: '01020000',
    no_agree: BUYER.agreement, id_type: '0', id_no: BUYER.idNo, acct_name: BUYER.name, card_no: BUYER.card,
  };
  const notify = (fields: Record<string, string>) => fetch(`${h.url}/lianlian/notify`, { method: 'POST', body: JSON.stringify(fields), headers: { 'content-type': 'text/json' } });
  expect(await (await notify(signAsLianLian(paid, keys.merchant.privateKey))).json()).toMatchObject({ ret_code: '9999' });
  expect(await (await notify(signAsLianLian(paid, keys.lianlian.privateKey))).json()).toMatchObject({ ret_code: '0000' });
  expect(await (await notify(signAsLianLian({ ...paid, no_order: HOSTILE }, keys.lianlian.privateKey))).json()).toMatchObject({ ret_code: '9999' });
  const back = await fetch(`${h.url}/lianlian/return`, { method: 'POST', body: new URLSearchParams(signAsLianLian(paid, keys.lianlian.privateKey)), redirect: 'manual' });
  expect(back.status).toBe(303);
  await fetch(`${h.url}/lianlian/return`, { method: 'POST', body: new URLSearchParams({ no_order: HOSTILE }), redirect: 'manual' });
  await query(h, noOrder, paid);
  expect((await h.get(`/v1/orders/${noOrder}`, { authorization: `Bearer ${SHOP_KEY}` })).status).toBe(200);
  return { noOrder, riskItems };
}

/** The order query (spec §6.1): once forged (signed with the wrong key), once real, with the unsigned masked card_no LianLian adds. */
async function query(h: Harness, noOrder: string, paid: Record<string, string>): Promise<void> {
  const answer: Record<string, string> = { ...paid, ret_code: '0000', ret_msg: '交易成功' };
  const { card_no: _card, no_agree: _agreement, id_no: _id, acct_name: _name, ...signed } = answer;
  for (const lianlian of [keys.merchant, keys.lianlian]) {
    const fake = await fakeLianLian({ ...keys, lianlian }, { card_no: '622202******3445', bank_name: '中国工商银行' });
    fake.answers['/orderquery.htm'] = () => signed;
    const deps = { config: { ...h.config, orderQueryUrl: `${fake.url}/orderquery.htm` }, ledger: h.ledger, logger: h.logger, now: () => new Date(), fetch };
    await reconcileOrder(deps, (await h.ledger.getOrder(noOrder))!);
    await fake.close();
  }
}

describeOnEachDatabase('personal data of a full payment', (each) => {
  it('appears in no log line and no stored byte, and a re-checkout signs the same risk_item', async () => {
    const db = await each.fresh('personal_test');
    const h = await startHarness({
      merchant: keys.merchant,
      ...(db.schema ? { schema: db.schema } : {}),
      env: {
        DATABASE_URL: db.url,
        LIANLIAN_PUBLIC_KEY: keys.lianlian.publicKey.export({ type: 'spki', format: 'pem' }) as string,
        LIANLIAN_PRODUCTS: 'web,easypay', LIANLIAN_DEBUG_SIGNATURES: '1', LEDGER_DATA_KEY: `k1:${randomBytes(32).toString('base64')}`,
      },
    });
    try {
      const { noOrder, riskItems } = await fullPayment(h);
      expect(riskItems[1]).toBe(riskItems[0]);
      expect(JSON.parse(riskItems[0] ?? '{}')).toMatchObject({ user_info_bind_phone: BUYER.phone, user_info_id_no: BUYER.idNo });
      expect(await h.ledger.getOrder(noOrder)).toMatchObject({ status: 'paid', extra: { card_no: BUYER.card, no_agree: BUYER.agreement } });
      expect((await h.ledger.listCallbacks(noOrder))[0]?.fields).toMatchObject({ card_no: '***************3445', id_no: BUYER.idNo, oid_paybill: '2026031500001234' });

      const logs = h.logs.join('');
      // Each debug canonical string was logged, masked: the checkout's, the forged notify's and the forged answer's.
      for (const what of ['checkout canonical string', 'notify canonical string', 'LianLian answer canonical string']) expect(logs).toContain(what);
      expect(logs).toContain('card_no=[19 chars]');
      expect(logs).toContain('no_agree=[18 chars]');
      expect(logs).toContain('"order query failed; will retry"');
      const stored = await db.rawBytes();
      for (const value of Object.values(BUYER)) {
        expect(logs, `log holds "${value}"`).not.toContain(value);
        expect(stored.includes(Buffer.from(value, 'utf8')), `database holds "${value}"`).toBe(false);
      }
      // What a caller chose is cut short in the logs.
      expect(logs).not.toContain('X'.repeat(100));
      expect(logs).toMatch(/X{64}…\[4936 more\]/);
    } finally {
      await h.close();
    }
  });
});
