/**
 * Round trips to PostgreSQL per state change: counts the times the `pg` client sends (queries sent
 * in one synchronous run are pipelined in one socket write, so they count once) while the ledger does what `POST /lianlian/notify` and the checkout signing do.
 * Unlike req/s this does not depend on how busy the machine is.
 *
 *   cd packages/server && TEST_DATABASE_URL=postgres://… node --import tsx bench/notify/round-trips.ts
 */
import pg from 'pg';
import { openLedger } from '../../src/ledger/index.js';
import { createSchema, dropSchema } from '../../test/support/postgres.js';
import { newOrder } from '../../test/support/ledger.js';

const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!url) throw new Error('set TEST_DATABASE_URL or BENCH_DATABASE_URL');

let sent = 0;
let inTick = false;
const query = Reflect.get(pg.Client.prototype, 'query') as (...args: unknown[]) => unknown;
Reflect.set(pg.Client.prototype, 'query', function (this: pg.Client, ...args: unknown[]): unknown {
  // Queries sent in one synchronous run share one socket write (the driver pipelines them): one round trip.
  if (!inTick) {
    sent++;
    inTick = true;
    process.nextTick(() => {
      inTick = false;
    });
  }
  return Reflect.apply(query, this, args);
});

async function count(fn: () => Promise<unknown>): Promise<number> {
  const before = sent;
  await fn();
  return sent - before;
}

const schema = await createSchema(url, 'bench_round_trips');
const ledger = await openLedger(url, { schema });
try {
  const rows: Record<string, number>[] = [];
  for (let i = 0; i < 3; i++) {
    const o = newOrder({ noOrder: `RT${String(i)}` });
    const created = await count(() => ledger.createOrder({ order: o }));
    const signed = await count(() => ledger.markCheckoutSigned(o.noOrder, {}, { lockKey: `u:${o.userId}`, check: async (_, sum) => void (await sum(new Date(0))), expected: { userId: o.userId, product: o.product, since: new Date(0) } }));
    const fields = { no_order: o.noOrder, oid_paybill: `P${String(i)}`, result_pay: 'SUCCESS' };
    // What the notify route sends: one recording transaction, which checks the order it locks.
    const notified = await count(async () => {
      await ledger.recordPaymentCallback({ noOrder: o.noOrder, oidPaybill: `P${String(i)}`, resultPay: 'SUCCESS', fields, event: 'payment_succeeded', eventType: 'notify_verified' });
    });
    const duplicate = await count(async () => {
      await ledger.recordPaymentCallback({ noOrder: o.noOrder, oidPaybill: `P${String(i)}`, resultPay: 'SUCCESS', fields, event: 'payment_succeeded', eventType: 'notify_verified' });
    });
    rows.push({ 'create order': created, 'sign checkout (limits)': signed, 'notify (first)': notified, 'notify (duplicate)': duplicate });
  }
  console.log('round trips to PostgreSQL (queries sent by pg), three orders:');
  console.table(rows);
} finally {
  await ledger.close();
  await dropSchema(url, schema);
}
