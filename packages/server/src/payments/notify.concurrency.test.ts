import { expect } from 'vitest';
import { newOrder } from '../../test/support/ledger.js';
import type { Ledger } from '../ledger/types.js';
import { inParallel, startInstances } from '../../test/support/cluster.js';
import { generateTestKeys, OID_PARTNER, signAsLianLian } from '../../test/support/payments.js';
import { describeRaceOnBothLedgers } from '../../test/support/race.js';

/**
 * Issue 5: two signing-server processes on one database, 500 orders, each notified three times
 * concurrently across both processes, plus returns racing the notifications.
 */
const ORDERS = 500;
const keys = generateTestKeys();

async function race(ledger: Ledger, instanceEnv: Record<string, string>): Promise<void> {
  const run = Date.now().toString(36);
  const orders = Array.from({ length: ORDERS }, (_, i) => newOrder({ noOrder: `C${String(i).padStart(5, '0')}${run}` }));
  const starting = startInstances(2, instanceEnv);
  await inParallel(orders.map((o) => async () => {
    await ledger.createOrder({ order: o });
    await ledger.markCheckoutSigned(o.noOrder, {});
  }), 32);
  const instances = await starting;
  try {
    const tasks = orders.flatMap((o, i) => {
      const fields = signAsLianLian(
        { oid_partner: OID_PARTNER, no_order: o.noOrder, dt_order: o.dtOrder, oid_paybill: `P${i}`, money_order: '49.95', result_pay: 'SUCCESS', settle_date: '20260301' },
        keys.lianlian.privateKey,
      );
      const notify = (url: string) => async () => {
        const res = await fetch(`${url}/lianlian/notify`, { method: 'POST', body: JSON.stringify(fields), headers: { 'content-type': 'text/json;charset=utf-8' } });
        return `${res.status} ${await res.text()}`;
      };
      const back = (url: string) => async () => {
        const res = await fetch(`${url}/lianlian/return`, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
        return `${res.status} return`;
      };
      const [a, b] = [instances.urls[i % 2], instances.urls[(i + 1) % 2]];
      return [notify(a), notify(b), back(b), notify(a)];
    });
    const answers = await inParallel(tasks, 48);
    const counts = new Map<string, number>();
    for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ '200 {"ret_code":"0000","ret_msg":"交易成功"}': ORDERS * 3, '303 return': ORDERS });
  } finally {
    await instances.stop();
  }
  const outbox = await ledger.listOutbox();
  const paidEvents = outbox.filter((m) => m.type === 'order.paid');
  expect(paidEvents).toHaveLength(ORDERS);
  expect(new Set(paidEvents.map((m) => m.noOrder)).size).toBe(ORDERS);
  for (const o of orders.slice(0, 50)) {
    expect((await ledger.getOrder(o.noOrder))?.status).toBe('paid');
    expect((await ledger.listEvents(o.noOrder)).filter((e) => e.type === 'notify_verified')).toHaveLength(1);
  }
  const statuses = await Promise.all(orders.map(async (o) => (await ledger.getOrder(o.noOrder))?.status));
  expect(statuses.every((s) => s === 'paid')).toBe(true);
}

describeRaceOnBothLedgers({
  subject: 'two instances',
  should: 'pays each of 500 orders exactly once under triple notifications and racing returns',
  name: 'ledger_race',
  keys,
  // Thousands of callbacks from one address, as from LianLian: not what the per-address limit is for.
  env: { LIANLIAN_RATE_LIMIT_PER_MINUTE: '100000' },
  race,
});
