import { ConfigError } from '@lianlian-checkout/protocol';
import type { Driver } from './driver.js';
import { openPostgres } from './postgres.js';
import { sqlLedger } from './sql-ledger.js';
import { openSqlite, sqliteTarget } from './sqlite.js';
import type { Ledger } from './types.js';
import { createVault, type DataKey } from './vault.js';

export type * from './types.js';
export { parseDataKeys, type DataKey } from './vault.js';

export interface OpenLedgerOptions {
  /** Clock for every stored timestamp (tests pass a fixed one). */
  now?: () => Date;
  /** PostgreSQL schema holding the tables (must exist); default: the connection's search_path. */
  schema?: string;
  /** PostgreSQL: an idle pooled connection died (e.g. database restart); pass a logger here. */
  onConnectionError?: (error: Error) => void;
  /**
   * Keys for personal data at rest (`LEDGER_DATA_KEY`, first = current). Without them personal
   * data is stored in clear, which only sandbox mode allows (docs/ledger.md).
   */
  dataKeys?: readonly DataKey[] | undefined;
  /** Told about something an operator should fix that does not stop the ledger (e.g. a file's mode tightened). */
  onWarning?: (message: string, details: Record<string, unknown>) => void;
}

/**
 * Opens and migrates the ledger for `DATABASE_URL`: `sqlite:<path>[?synchronous=full|normal]`,
 * `sqlite::memory:` (tests) or
 * `postgres://…` / `postgresql://…` (several instances on one database).
 */
export async function openLedger(databaseUrl: string, options: OpenLedgerOptions = {}): Promise<Ledger> {
  const ledger = sqlLedger(openDriver(databaseUrl, options), options.now ?? (() => new Date()), createVault(options.dataKeys));
  try {
    await ledger.migrate();
  } catch (error) {
    await ledger.close().catch(() => undefined);
    throw error;
  }
  return ledger;
}

function openDriver(databaseUrl: string, options: OpenLedgerOptions): Driver {
  if (databaseUrl.startsWith('sqlite:')) return openSqlite(sqliteTarget(databaseUrl), options.onWarning ? { onWarning: options.onWarning } : {});
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    return openPostgres(databaseUrl, {
      ...(options.schema ? { schema: options.schema } : {}),
      ...(options.onConnectionError ? { onConnectionError: options.onConnectionError } : {}),
    });
  }
  throw new ConfigError(
    'database_url_unsupported',
    'DATABASE_URL must start with "sqlite:" (e.g. sqlite:./data/lianlian-checkout.db, or sqlite::memory: for tests) or "postgres://". Fix DATABASE_URL.',
  );
}
