import type { Driver, Sql } from './driver.js';

/**
 * Migrations, applied in order, each once, recorded in `ledger_migrations`. Timestamps are epoch
 * milliseconds (BIGINT) and JSON is TEXT so both databases store the same values.
 */
export interface Migration {
  id: number;
  statements: (t: Driver['types']) => string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    statements: (t) => [
      `CREATE TABLE orders (
        no_order TEXT PRIMARY KEY, product TEXT NOT NULL, amount_fen ${t.bigint} NOT NULL,
        name_goods TEXT NOT NULL, user_id TEXT NOT NULL, busi_partner TEXT NOT NULL, dt_order TEXT NOT NULL,
        info_order TEXT, url_order TEXT, valid_order_minutes INTEGER NOT NULL, customer_ip TEXT,
        risk_item TEXT, extra TEXT NOT NULL, status TEXT NOT NULL, created_at ${t.bigint} NOT NULL,
        updated_at ${t.bigint} NOT NULL, expires_at ${t.bigint} NOT NULL, checkout_token_hash TEXT NOT NULL UNIQUE,
        checkout_token_expires_at ${t.bigint} NOT NULL, oid_paybill TEXT, refunded_fen ${t.bigint} NOT NULL DEFAULT 0,
        return_hint_at ${t.bigint}, last_queried_at ${t.bigint})`,
      'CREATE INDEX orders_customer ON orders (user_id, product, created_at)',
      'CREATE INDEX orders_status ON orders (status, created_at)',
      `CREATE TABLE order_events (seq ${t.serial}, no_order TEXT NOT NULL, type TEXT NOT NULL,
        at ${t.bigint} NOT NULL, data TEXT NOT NULL)`,
      'CREATE INDEX order_events_order ON order_events (no_order, seq)',
      `CREATE TABLE idempotency_keys (key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, status INTEGER NOT NULL,
        body TEXT NOT NULL, created_at ${t.bigint} NOT NULL)`,
      // LianLian resends the same notification up to 30 times (spec §5): the unique key is the dedup.
      `CREATE TABLE notifications (kind TEXT NOT NULL, no_order TEXT NOT NULL, ref TEXT NOT NULL,
        received_at ${t.bigint} NOT NULL, fields TEXT NOT NULL, PRIMARY KEY (kind, no_order, ref))`,
      `CREATE TABLE outbox (seq ${t.serial}, id TEXT NOT NULL UNIQUE, no_order TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL,
        created_at ${t.bigint} NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at ${t.bigint} NOT NULL,
        lease_owner TEXT, lease_until ${t.bigint}, delivered_at ${t.bigint}, last_error TEXT)`,
      'CREATE INDEX outbox_due ON outbox (delivered_at, next_attempt_at)',
      `CREATE TABLE refunds (no_refund TEXT PRIMARY KEY, no_order TEXT NOT NULL, amount_fen ${t.bigint} NOT NULL,
        dt_refund TEXT NOT NULL, status TEXT NOT NULL, oid_refundno TEXT, created_at ${t.bigint} NOT NULL,
        updated_at ${t.bigint} NOT NULL)`,
      'CREATE INDEX refunds_order ON refunds (no_order)',
    ],
  },
  {
    // Issue 13: every state LianLian reports is applied, and the limits count the signing day.
    id: 2,
    statements: (t) => [
      // The pre-go-live limits count the Beijing day and month the form was signed (spec §1). Orders
      // from before this migration take their last recorded signing, else their creation time.
      `ALTER TABLE orders ADD COLUMN signed_at ${t.bigint}`,
      `UPDATE orders SET signed_at = COALESCE(
         (SELECT MAX(e.at) FROM order_events e WHERE e.no_order = orders.no_order AND e.type = 'checkout_signed'), created_at)
       WHERE status <> 'created'`,
      'DROP INDEX orders_customer',
      'CREATE INDEX orders_customer_signed ON orders (user_id, product, signed_at)',
      // Payment notifications are now recorded under ref "oid_paybill:result_pay". Rows written
      // before keep their ref: their sealed fields are bound to it (personal.ts contexts), and a
      // retry of one of them after the upgrade is recorded again without moving the order.
      `CREATE TABLE duplicate_payments (no_order TEXT NOT NULL, oid_paybill TEXT NOT NULL, amount_fen ${t.bigint} NOT NULL,
        detected_at ${t.bigint} NOT NULL, PRIMARY KEY (no_order, oid_paybill))`,
    ],
  },
  {
    // Which LEDGER_DATA_KEY ids have sealed data here, and a fingerprint of each key (data-keys.ts).
    id: 3,
    statements: (t) => [
      `CREATE TABLE ledger_data_keys (key_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, added_at ${t.bigint} NOT NULL,
        retired_at ${t.bigint})`,
    ],
  },
  {
    // Issue 14: callbacks anyone can send are counted per order and kind; only the first few become events.
    id: 4,
    statements: (t) => [
      `CREATE TABLE callback_tallies (no_order TEXT NOT NULL, kind TEXT NOT NULL, hits ${t.bigint} NOT NULL,
        first_at ${t.bigint} NOT NULL, last_at ${t.bigint} NOT NULL, PRIMARY KEY (no_order, kind))`,
    ],
  },
  {
    // Issue 17: an open refund's check is claimed by one instance at a time, with a lease as the outbox has.
    id: 5,
    statements: (t) => [
      'ALTER TABLE refunds ADD COLUMN lease_owner TEXT',
      `ALTER TABLE refunds ADD COLUMN lease_until ${t.bigint}`,
      'CREATE INDEX refunds_open ON refunds (status, updated_at)',
    ],
  },
];

export async function migrate(driver: Driver): Promise<void> {
  await driver.tx(async (q) => {
    await driver.lockMigrations(q);
    await q.run(`CREATE TABLE IF NOT EXISTS ledger_migrations (id INTEGER PRIMARY KEY, applied_at ${driver.types.bigint} NOT NULL)`);
    const done = new Set((await q.all('SELECT id FROM ledger_migrations')).map((r) => Number(r.id)));
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      await applyMigration(q, m, driver.types);
    }
  });
}

async function applyMigration(q: Sql, m: Migration, types: Driver['types']): Promise<void> {
  for (const statement of m.statements(types)) await q.run(statement);
  await q.run('INSERT INTO ledger_migrations (id, applied_at) VALUES (?, ?)', [m.id, Date.now()]);
}
