import { randomBytes } from 'node:crypto';
import { openPostgres } from '../../src/ledger/postgres.js';
import { openSqlite, sqliteTarget } from '../../src/ledger/sqlite.js';
import type { NewOrder } from '../../src/ledger/types.js';

/** Order fixtures for ledger and payments tests (not part of the public API). */
export function newOrder(overrides: Partial<NewOrder> = {}, at = new Date('2026-03-01T04:00:00Z')): NewOrder {
  const noOrder = overrides.noOrder ?? `T${randomBytes(8).toString('hex')}`;
  return {
    noOrder,
    product: 'web',
    amountFen: 4995,
    nameGoods: '测试商品',
    userId: 'u10001',
    busiPartner: '101001',
    dtOrder: '20260301120000',
    infoOrder: undefined,
    urlOrder: undefined,
    validOrderMinutes: 30,
    customerIp: '203.0.113.7',
    riskItem: { frms_ware_category: '1009', user_info_mercht_userno: 'u10001' },
    extra: {},
    createdAt: at,
    expiresAt: new Date(at.getTime() + 30 * 60_000),
    checkoutTokenHash: randomBytes(32).toString('hex'),
    checkoutTokenExpiresAt: new Date(at.getTime() + 15 * 60_000),
    ...overrides,
  };
}

/** Every row of every ledger table, for tests that assert a request changed nothing. */
export interface TableDump {
  /** Table name → its rows as sorted JSON lines. */
  dump(): Promise<Record<string, string[]>>;
  close(): Promise<void>;
}

/**
 * Opens a second connection to a test ledger (`sqlite:<file>` or PostgreSQL with its schema) that
 * reads every table, including tables added by later migrations, without going through the ledger.
 */
export function openTableDump(databaseUrl: string, schema?: string): TableDump {
  const driver = databaseUrl.startsWith('sqlite:')
    ? openSqlite(sqliteTarget(databaseUrl))
    : openPostgres(databaseUrl, schema ? { schema } : {});
  const listTables = driver.kind === 'sqlite'
    ? "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    : 'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema()';
  return {
    async dump() {
      const out: Record<string, string[]> = {};
      const tables = (await driver.all(listTables)).map((r) => String(r.t)).sort();
      for (const table of tables) {
        // Names come from the database's own catalogue, never from input.
        const rows = await driver.all(`SELECT * FROM ${table}`);
        out[table] = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).sort();
      }
      return out;
    },
    close: () => driver.close(),
  };
}
