import pg from 'pg';
import type { Driver, Row, Sql, TxOptions } from './driver.js';

/**
 * PostgreSQL adapter (pg). READ COMMITTED plus `SELECT … FOR UPDATE` on the order row and unique
 * keys for deduplication; a deadlock or serialization failure retries the whole transaction.
 */
const RETRYABLE = new Set(['40001', '40P01']);
const MIGRATION_LOCK = 7_413_001;
/** The namespace of `lockKey`'s two-integer advisory locks (a key space apart from MIGRATION_LOCK's). */
const KEY_LOCK_SPACE = 7_413_002;

function toPg(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

function sqlOn(client: pg.Pool | pg.PoolClient): Sql {
  return {
    all: async (text, params = []) => (await client.query(toPg(text), [...params])).rows as Row[],
    run: async (text, params = []) => (await client.query(toPg(text), [...params])).rowCount ?? 0,
  };
}

export interface PostgresOptions {
  /** Schema for every table (tests use one per run); must already exist. */
  schema?: string;
  /** Told when an idle pooled connection dies (database restart); the pool reconnects on next use. */
  onConnectionError?: (error: Error) => void;
}

export function openPostgres(databaseUrl: string, options: PostgresOptions = {}): Driver {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // Without a listener an idle client's error would crash the process; the pool has already
  // dropped that client, so reporting it is all there is to do.
  pool.on('error', (error) => options.onConnectionError?.(error));
  const base = sqlOn(pool);
  return {
    kind: 'postgres',
    forUpdate: ' FOR UPDATE',
    types: { serial: 'BIGSERIAL PRIMARY KEY', bigint: 'BIGINT' },
    all: (text, params) => base.all(text, params),
    run: (text, params) => base.run(text, params),
    tx: (fn, txOptions) => transaction(pool, fn, txOptions),
    lockMigrations: async (q) => {
      await q.all('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    },
    lockKey: async (q, key) => {
      await q.all('SELECT pg_advisory_xact_lock(?, hashtext(?))', [KEY_LOCK_SPACE, key]);
    },
    close: () => pool.end(),
  };
}

async function transaction<T>(pool: pg.Pool, fn: (q: Sql) => Promise<T>, options: TxOptions = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // This transaction's COMMIT returns before its WAL record is flushed (see Durability).
      if (options.durability === 'relaxed') await client.query('SET LOCAL synchronous_commit = off');
      const result = await fn(sqlOn(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const code = (error as { code?: unknown }).code;
      if (attempt >= 3 || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
    } finally {
      client.release();
    }
  }
}
