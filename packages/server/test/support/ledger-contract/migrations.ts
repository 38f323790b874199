import { expect, it } from 'vitest';
import type { Driver } from '../../../src/ledger/driver.js';
import { INSERT_ORDER } from '../../../src/ledger/orders.js';
import { orderInsertParams } from '../../../src/ledger/rows.js';
import { MIGRATIONS } from '../../../src/ledger/schema.js';
import { sqlLedger } from '../../../src/ledger/sql-ledger.js';
import { newOrder } from '../ledger.js';
import { createVault } from '../../../src/ledger/vault.js';

/**
 * Upgrading a ledger that holds data: the database is built at migration 1 with rows as the
 * previous release wrote them, then opened by this release. Run by both adapters.
 */
const T0 = new Date('2026-03-01T04:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

async function atMigrationOne(driver: Driver): Promise<void> {
  await driver.tx(async (q) => {
    await q.run(`CREATE TABLE ledger_migrations (id INTEGER PRIMARY KEY, applied_at ${driver.types.bigint} NOT NULL)`);
    for (const statement of MIGRATIONS[0]?.statements(driver.types) ?? []) await q.run(statement);
    await q.run('INSERT INTO ledger_migrations (id, applied_at) VALUES (1, 0)');
  });
}

export function migrationContract(openDriver: () => Promise<Driver>): void {
  it('migration 2 fills signed_at from the last signing; notifications recorded before keep their key and change nothing', async () => {
    const driver = await openDriver();
    try {
      await atMigrationOne(driver);
      const signedTwice = newOrder({ amountFen: 1000 });
      const paidUnsigned = newOrder({ amountFen: 2000 });
      const untouched = newOrder({ amountFen: 3000 });
      for (const o of [signedTwice, paidUnsigned, untouched]) await driver.run(INSERT_ORDER, orderInsertParams(o, createVault(undefined)));
      await driver.run("UPDATE orders SET status = 'pending' WHERE no_order = ?", [signedTwice.noOrder]);
      await driver.run("UPDATE orders SET status = 'paid', oid_paybill = 'B1' WHERE no_order = ?", [paidUnsigned.noOrder]);
      for (const minutes of [5, 9]) {
        await driver.run("INSERT INTO order_events (no_order, type, at, data) VALUES (?, 'checkout_signed', ?, '{}')", [signedTwice.noOrder, at(minutes).getTime()]);
      }
      const note = (ref: string, fields: Record<string, string>, kind = 'payment'): Promise<number> =>
        driver.run('INSERT INTO notifications (kind, no_order, ref, received_at, fields) VALUES (?, ?, ?, 0, ?)', [kind, paidUnsigned.noOrder, ref, JSON.stringify(fields)]);
      await note('B1', { result_pay: 'SUCCESS' });
      await note('B0', { result_pay: 'FAILURE' });
      await note('R1:2', { sta_refund: '2', result_pay: 'SUCCESS' }, 'refund');

      const ledger = sqlLedger(driver, () => at(60), createVault(undefined));
      await ledger.migrate();
      expect((await ledger.getOrder(signedTwice.noOrder))?.signedAt).toEqual(at(9));
      expect((await ledger.getOrder(paidUnsigned.noOrder))?.signedAt).toEqual(T0);
      expect((await ledger.getOrder(untouched.noOrder))?.signedAt).toBeUndefined();
      // A retry of a notification recorded before the upgrade is recorded again under the new key
      // and moves nothing: the order is already where that notification put it.
      const success = (oidPaybill: string) => ({ noOrder: paidUnsigned.noOrder, oidPaybill, resultPay: 'SUCCESS', fields: {}, event: 'payment_succeeded' as const, eventType: 'notify_verified' });
      expect(await ledger.recordPaymentCallback(success('B1'))).toMatchObject({ kind: 'applied', changed: false, order: { status: 'paid', oidPaybill: 'B1' } });
      expect((await ledger.recordPaymentCallback(success('B1'))).kind).toBe('duplicate');
      expect(await ledger.listOutbox(paidUnsigned.noOrder)).toEqual([]);
      const refs = (await driver.all('SELECT kind, ref FROM notifications ORDER BY kind, ref')).map((r) => `${String(r.kind)} ${String(r.ref)}`);
      expect(refs).toEqual(['payment B0', 'payment B1', 'payment B1:SUCCESS', 'refund R1:2']);
      expect(await ledger.sumCustomerAmount({ userId: 'u10001', product: 'web', since: T0 })).toBe(3000);
      await ledger.migrate();
    } finally {
      await driver.close();
    }
  });
}
