import pg from 'pg';
import type { Driver, Row, Sql, Tx, TxOptions, WriteCheck } from './driver.js';

/**
 * PostgreSQL adapter (pg). READ COMMITTED plus `SELECT … FOR UPDATE` on the order row and unique
 * keys for deduplication; a deadlock or serialization failure retries the whole transaction.
 *
 * Round trips are what a state change costs here (docs/ledger.md "PostgreSQL"), so: every
 * statement is a named prepared statement (parsed and planned once per connection), a
 * transaction's queued writes go as one statement (`Tx.write`), and BEGIN travels with its
 * `SET LOCAL` in one simple query.
 */
const RETRYABLE = new Set(['40001', '40P01']);
const MIGRATION_LOCK = 7_413_001;
/** The namespace of `lockKey`'s two-integer advisory locks (a key space apart from MIGRATION_LOCK's). */
const KEY_LOCK_SPACE = 7_413_002;

interface Prepared {
  name: string;
  text: string;
}

/**
 * The ledger's statements, each with `$n` placeholders and a name. The set is small and fixed (the
 * ledger's own SQL plus the combinations of queued writes), so names are never evicted; a text
 * past the cap simply runs unnamed.
 */
function statements(): (sql: string) => Prepared {
  const known = new Map<string, Prepared>();
  return (sql) => {
    let prepared = known.get(sql);
    if (!prepared) {
      let i = 0;
      const text = sql.replace(/\?/g, () => `$${++i}`);
      prepared = { name: known.size < 2_000 ? `l${String(known.size)}` : '', text };
      known.set(sql, prepared);
    }
    return prepared;
  };
}

type Statement = (sql: string) => Prepared;

function query(client: pg.Pool | pg.PoolClient, statement: Statement, sql: string, params: readonly unknown[]): Promise<pg.QueryResult> {
  const { name, text } = statement(sql);
  return client.query(name ? { name, text, values: [...params] } : { text, values: [...params] });
}

function sqlOn(client: pg.Pool | pg.PoolClient, statement: Statement): Sql {
  return {
    all: async (text, params = []) => (await query(client, statement, text, params)).rows as Row[],
    run: async (text, params = []) => (await query(client, statement, text, params)).rowCount ?? 0,
  };
}

export interface PostgresOptions {
  /** Schema for every table (tests use one per run); must already exist. */
  schema?: string;
  /** Connections in this process's pool (default 10). */
  poolSize?: number;
  /** Told when an idle pooled connection dies (database restart); the pool reconnects on next use. */
  onConnectionError?: (error: Error) => void;
}

export function openPostgres(databaseUrl: string, options: PostgresOptions = {}): Driver {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // Without a listener an idle client's error would crash the process; the pool has already
  // dropped that client, so reporting it is all there is to do.
  pool.on('error', (error) => options.onConnectionError?.(error));
  const statement = statements();
  const base = sqlOn(pool, statement);
  return {
    kind: 'postgres',
    forUpdate: ' FOR UPDATE',
    skipLocked: ' FOR UPDATE SKIP LOCKED',
    types: { serial: 'BIGSERIAL PRIMARY KEY', bigint: 'BIGINT' },
    all: (text, params) => base.all(text, params),
    run: (text, params) => base.run(text, params),
    tx: (fn, txOptions) => transaction(pool, statement, fn, txOptions),
    lockMigrations: async (q) => {
      await q.all('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    },
    lockKey: async (q, key) => {
      await q.all('SELECT pg_advisory_xact_lock(?, hashtext(?))', [KEY_LOCK_SPACE, key]);
    },
    close: () => pool.end(),
  };
}

interface Queued {
  sql: string;
  params: readonly unknown[];
  check: WriteCheck | undefined;
}

/** The table an INSERT, UPDATE or DELETE writes, and whether it is a plain INSERT (several of those into one table may share a statement). */
function target(sql: string): { table: string; insertOnly: boolean } {
  const match = /^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)/i.exec(sql);
  if (!match?.[1] || !match[2]) throw new Error(`Tx.write takes INSERT, UPDATE or DELETE, got: ${sql.slice(0, 40)}`);
  return { table: match[2].toLowerCase(), insertOnly: match[1].toUpperCase().startsWith('INSERT') && !/ON\s+CONFLICT/i.test(sql) };
}

/**
 * Queued writes as one statement: `WITH w0 AS (… RETURNING 1), w1 AS (…) SELECT count(*) …`.
 * PostgreSQL runs every data-modifying CTE exactly once, whether or not it is read, and all of them
 * against one snapshot, which is why `write` refuses to put two writes of one row together.
 */
function combine(writes: readonly Queued[]): { sql: string; params: unknown[] } {
  const ctes = writes.map((w, i) => `w${String(i)} AS (${w.sql} RETURNING 1)`);
  const counts = writes.map((_, i) => `(SELECT count(*) FROM w${String(i)}) AS n${String(i)}`);
  return { sql: `WITH ${ctes.join(', ')} SELECT ${counts.join(', ')}`, params: writes.flatMap((w) => [...w.params]) };
}

async function send(client: pg.PoolClient, statement: Statement, writes: readonly Queued[]): Promise<void> {
  const [only] = writes;
  if (writes.length === 1 && only) {
    const changed = (await query(client, statement, only.sql, only.params)).rowCount ?? 0;
    if (only.check && changed !== only.check.rows) throw only.check.error();
    return;
  }
  const { sql, params } = combine(writes);
  const counts = (await query(client, statement, sql, params)).rows[0] as Record<string, string> | undefined;
  writes.forEach((w, i) => {
    if (w.check && Number(counts?.[`n${String(i)}`]) !== w.check.rows) throw w.check.error();
  });
}

function txOn(client: pg.PoolClient, statement: Statement): { tx: Tx; flush: () => Promise<void> } {
  /** Queued writes in order, cut into statements: a write of a table already written in the last one starts the next. */
  let batches: Queued[][] = [];
  let tables = new Map<string, boolean>();
  const flush = async (): Promise<void> => {
    const pending = batches;
    batches = [];
    tables = new Map();
    for (const batch of pending) await send(client, statement, batch);
  };
  const base = sqlOn(client, statement);
  const tx: Tx = {
    all: async (text, params) => {
      await flush();
      return base.all(text, params);
    },
    run: async (text, params) => {
      await flush();
      return base.run(text, params);
    },
    write: (sql, params, check) => {
      const { table, insertOnly } = target(sql);
      const seen = tables.get(table);
      let batch = batches.at(-1);
      // Only plain INSERTs may share a statement with another write of their table (no row is written twice).
      if (!batch || (seen !== undefined && !(seen && insertOnly))) {
        batch = [];
        batches.push(batch);
        tables = new Map();
      }
      batch.push({ sql, params, check });
      tables.set(table, (tables.get(table) ?? true) && insertOnly);
    },
  };
  return { tx, flush };
}

async function transaction<T>(pool: pg.Pool, statement: Statement, fn: (q: Tx) => Promise<T>, options: TxOptions = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      // One simple query; this transaction's COMMIT returns before its WAL record is flushed when relaxed (see Durability).
      await client.query(options.durability === 'relaxed' ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN');
      const { tx, flush } = txOn(client, statement);
      const result = await fn(tx);
      await flush();
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
