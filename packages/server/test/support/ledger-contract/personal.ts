import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Row } from '../../../src/ledger/driver.js';
import { newOrder } from '../ledger.js';
import type { Ledger } from '../../../src/ledger/types.js';
import { parseDataKeys, type DataKey } from '../../../src/ledger/vault.js';

/**
 * Contract, part three: personal data at rest (docs/ledger.md). Run by sqlite.test.ts (on a file,
 * whose bytes are searched) and postgres.test.ts (whose rows are searched as text).
 */
export interface TestDatabase {
  /** Opens (and migrates) a ledger on this database; each call reaches the same data. */
  open(options: { dataKeys?: readonly DataKey[] }): Promise<Ledger>;
  /** Rows read directly, bypassing the ledger. */
  rows(sql: string): Promise<Row[]>;
  /** Everything the database holds on disk (SQLite: the files) or in its tables (PostgreSQL: rows as text). */
  rawBytes(): Promise<Buffer>;
}

export interface PersonalHarness {
  /** A new, empty database. */
  database(): Promise<TestDatabase>;
}

const keyText = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;
const [K1] = parseDataKeys(keyText('k1'));
const [K2] = parseDataKeys(keyText('k2'));
const key1 = [K1];
const key2then1 = [K2, K1];

export const PERSONAL = {
  card: '6222020200112233445',
  idNo: '11010519491231002X',
  name: '张三丰',
  phone: '13912345678',
  agreement: 'AGREE2026031500042',
  mail: 'zhang.sanfeng@example.cn',
};

const riskItem = {
  frms_ware_category: '1009', user_info_mercht_userno: 'u10001', user_info_bind_phone: PERSONAL.phone,
  user_info_full_name: PERSONAL.name, user_info_id_no: PERSONAL.idNo, user_info_mail: PERSONAL.mail,
};
const extra = { pay_type: 'M', card_no: PERSONAL.card, id_no: PERSONAL.idNo, acct_name: PERSONAL.name, no_agree: PERSONAL.agreement, id_type: '0' };
const notifyFields = {
  oid_partner: '201408071000001539', no_order: '', oid_paybill: '2026031500001234', money_order: '49.95', result_pay: 'SUCCESS',
  info_order: 'order 42', card_no: PERSONAL.card, id_no: PERSONAL.idNo, acct_name: PERSONAL.name, no_agree: PERSONAL.agreement,
  bind_mob: PERSONAL.phone, id_type: '0', sign: 'c2lnbmF0dXJl',
};

/** A paid order carrying every kind of personal data the ledger stores. */
async function fullPayment(l: Ledger): Promise<string> {
  const o = newOrder({ product: 'easypay', riskItem, extra, amountFen: 4995 });
  await l.createOrder({ order: o, idempotency: { key: `idem-${o.noOrder}`, requestHash: 'h', status: 201, body: { no_order: o.noOrder } } });
  await l.markCheckoutSigned(o.noOrder, { timestamp: '20260301120000' });
  await l.appendEvent(o.noOrder, 'note', { card_no: PERSONAL.card, reason: 'test' });
  const out = await l.recordPaymentCallback({
    noOrder: o.noOrder, oidPaybill: notifyFields.oid_paybill, resultPay: notifyFields.result_pay, fields: { ...notifyFields, no_order: o.noOrder }, event: 'payment_succeeded', eventType: 'notify_verified',
  });
  expect(out).toMatchObject({ kind: 'applied', changed: true });
  return o.noOrder;
}

const personalValues = Object.values(PERSONAL);
function expectNoPlaintext(bytes: Buffer): void {
  expect(bytes.length).toBeGreaterThan(0);
  for (const value of personalValues) expect(bytes.includes(Buffer.from(value, 'utf8')), `"${value}" is stored in clear`).toBe(false);
}

async function withLedger<T>(db: TestDatabase, dataKeys: readonly DataKey[] | undefined, fn: (l: Ledger) => Promise<T>): Promise<T> {
  const l = await db.open(dataKeys ? { dataKeys } : {});
  try {
    return await fn(l);
  } finally {
    await l.close();
  }
}

async function expectReadable(l: Ledger, noOrder: string): Promise<void> {
  const order = await l.getOrder(noOrder);
  expect(order?.extra).toEqual(extra);
  // The exact risk_item string a re-checkout signs again: same keys, same order, same values.
  expect(JSON.stringify(order?.riskItem)).toBe(JSON.stringify(riskItem));
  expect((await l.listEvents(noOrder)).find((e) => e.type === 'note')?.data).toEqual({ card_no: PERSONAL.card, reason: 'test' });
  const [callback] = await l.listCallbacks(noOrder);
  expect(callback?.fields).toEqual({ ...notifyFields, no_order: noOrder, card_no: '***************3445' });
}

async function paidAndReadable(l: Ledger): Promise<string> {
  const noOrder = await fullPayment(l);
  await expectReadable(l, noOrder);
  return noOrder;
}

export function personalDataContract(h: PersonalHarness): void {
  it('seals personal data so the stored bytes hold none of it, and reads it back exactly', async () => {
    const db = await h.database();
    const noOrder = await withLedger(db, key1, paidAndReadable);
    expectNoPlaintext(await db.rawBytes());
    const [order] = await db.rows(`SELECT risk_item, extra FROM orders WHERE no_order = '${noOrder}'`);
    expect(String(order?.risk_item)).toMatch(/^llc1:k1:/);
    expect(JSON.parse(String(order?.extra))).toMatchObject({ pay_type: 'M', id_type: '0', card_no: expect.stringMatching(/^llc1:k1:/) as unknown });
    const [callback] = await db.rows(`SELECT fields FROM notifications WHERE no_order = '${noOrder}'`);
    // Audit fields stay readable; the card number LianLian echoes is kept as its last four digits only.
    expect(JSON.parse(String(callback?.fields))).toMatchObject({ oid_paybill: notifyFields.oid_paybill, result_pay: 'SUCCESS', card_no: '***************3445' });
  });

  it('keeps old rows readable after a key rotation; reseal moves them to the new key and retires the old one', async () => {
    const db = await h.database();
    const before = await withLedger(db, key1, fullPayment);
    const report = await withLedger(db, key2then1, async (l) => {
      const after = await fullPayment(l);
      await expectReadable(l, before);
      await expectReadable(l, after);
      return l.resealPersonalData({ batch: 2 });
    });
    expect(report).toEqual({ keyId: 'k2', orders: 1, callbacks: 1, events: 1, retired: ['k1'] });
    const stored = (await db.rows('SELECT risk_item FROM orders')).map((r) => String(r.risk_item).slice(0, 8));
    expect(stored).toEqual(['llc1:k2:', 'llc1:k2:']);
    await withLedger(db, [K2], (l) => expectReadable(l, before));
    expectNoPlaintext(await db.rawBytes());
  });

  it('refuses to open with a key missing, another key under a known id, or no key at all', async () => {
    const db = await h.database();
    await withLedger(db, key1, fullPayment);
    await expect(db.open({ dataKeys: [K2] })).rejects.toMatchObject({ code: 'ledger_data_key_mismatch', message: expect.stringContaining('"k1"') as unknown });
    const [impostor] = parseDataKeys(keyText('k1'));
    await expect(db.open({ dataKeys: [impostor] })).rejects.toMatchObject({ code: 'ledger_data_key_mismatch', message: expect.stringContaining('not the key that sealed') as unknown });
    await expect(db.open({})).rejects.toMatchObject({ code: 'ledger_data_key_mismatch' });
  });

  it('without a key stores personal data in clear (card still masked); a key and a reseal seal it', async () => {
    const db = await h.database();
    const noOrder = await withLedger(db, undefined, paidAndReadable);
    expect((await db.rows('SELECT risk_item FROM orders'))[0]?.risk_item).toBe(JSON.stringify(riskItem));
    const report = await withLedger(db, key1, async (l) => {
      await expectReadable(l, noOrder);
      const r = await l.resealPersonalData();
      await expectReadable(l, noOrder);
      expect(await l.resealPersonalData()).toMatchObject({ orders: 0, callbacks: 0, events: 0, retired: [] });
      return r;
    });
    expect(report).toEqual({ keyId: 'k1', orders: 1, callbacks: 1, events: 1, retired: [] });
    expect(String((await db.rows('SELECT risk_item FROM orders'))[0]?.risk_item)).toMatch(/^llc1:k1:/);
  });
}
