import pg from 'pg';
import type { Driver, Row, Sql, Tx, TxOptions, WriteCheck } from './driver.js';

/**
 * PostgreSQL adapter (pg). READ COMMITTED plus `SELECT … FOR UPDATE` on the order row and unique
 * keys for deduplication; a deadlock or serialization failure retries the whole transaction.
 *
 * Round trips are what a state change costs here (docs/ledger.md "PostgreSQL"), so: every
 * statement is a named prepared statement (parsed and planned once per connection), a
 * transaction's queued writes go as one statement (`Tx.write`), and the client pipelines: BEGIN
 * is sent with the transaction's first statement, queued writes with the next statement or the
 * COMMIT, and statements a caller starts together (`Promise.all`) in one socket write.
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
    // Queries are sent without waiting for the previous answer (see `together`).
    pipeline: true,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // Without a listener an idle client's error would crash the process; the pool has already
  // dropped that client, so reporting it is all there is to do.
  pool.on('error', (error) => options.onConnectionError?.(error));
  const statement = statements();
  const base = sqlOn(pool, statement);
  const batch = grouped(pool, statement);
  return {
    kind: 'postgres',
    forUpdate: ' FOR UPDATE',
    skipLocked: ' FOR UPDATE SKIP LOCKED',
    types: { serial: 'BIGSERIAL PRIMARY KEY', bigint: 'BIGINT' },
    all: (text, params) => base.all(text, params),
    run: (text, params) => base.run(text, params),
    tx: (fn, txOptions = {}) => (txOptions.batch === undefined ? transaction(pool, statement, fn, txOptions) : batch(txOptions.batch, fn, txOptions) as ReturnType<typeof fn>),
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

/** What a failed write check makes PostgreSQL say: `invalid input syntax for type integer: "llc_write_check:<n>"`. */
const CHECK_MARK = 'llc_write_check:';
const CHECK_FAILED = new RegExp(`"${CHECK_MARK}(\\d+)"`);

/**
 * Queued writes as one statement: `WITH w0 AS (… RETURNING 1), w1 AS (…) SELECT …`. PostgreSQL
 * runs every data-modifying CTE exactly once, whether or not it is read, and all of them against
 * one snapshot, which is why `write` refuses to put two writes of one row together.
 *
 * A write's check is asserted by the statement itself, so that a COMMIT sent behind it (pipelined,
 * before its answer is read) cannot commit a failed check: the count is cast to an integer only
 * when it differs, from a text that is not a number, so the statement fails, the transaction is
 * aborted, and PostgreSQL turns that COMMIT into a ROLLBACK. (The cast's input is not a constant,
 * so the planner cannot fold it and fail a statement whose check holds.)
 */
function combine(writes: readonly Queued[]): { sql: string; params: unknown[] } {
  const ctes = writes.map((w, i) => `w${String(i)} AS (${w.sql} RETURNING 1)`);
  const columns = writes.map((w, i) => w.check
    ? `CAST(CASE WHEN (SELECT count(*) FROM w${String(i)}) = ${String(w.check.rows)} THEN '0' ELSE '${CHECK_MARK}${String(i)}' END AS integer) AS n${String(i)}`
    : `(SELECT count(*) FROM w${String(i)}) AS n${String(i)}`);
  return { sql: `WITH ${ctes.join(', ')} SELECT ${columns.join(', ')}`, params: writes.flatMap((w) => [...w.params]) };
}

async function send(client: pg.PoolClient, statement: Statement, writes: readonly Queued[]): Promise<void> {
  const { sql, params } = combine(writes);
  try {
    await query(client, statement, sql, params);
  } catch (error) {
    const failed = (error as { code?: unknown }).code === '22P02' ? CHECK_FAILED.exec(String((error as Error).message)) : null;
    const check = failed ? writes[Number(failed[1])]?.check : undefined;
    throw check ? check.error() : error;
  }
}

/**
 * Queries sent in one synchronous run go out in one socket write: the first one corks the socket,
 * and it is uncorked on the next tick. With the pool's `pipeline` mode the client does not wait
 * for one answer before sending the next query, so a transaction's BEGIN travels with its first
 * statement, and its queued writes with the statement after them or with its COMMIT.
 */
const corked = new WeakSet<pg.PoolClient>();
function together(client: pg.PoolClient): void {
  if (corked.has(client)) return;
  const stream = client.connection.stream;
  corked.add(client);
  stream.cork();
  process.nextTick(() => {
    corked.delete(client);
    stream.uncork();
  });
}

interface TxOn {
  tx: Tx;
  commit: () => Promise<void>;
  /** The earliest failed statement's error, if any (see `track`). */
  firstFailure: () => unknown;
  /**
   * Whether PostgreSQL answered the COMMIT: `committed` or `rolled back` (it turns the COMMIT of a
   * failed transaction into a ROLLBACK, or refused it), or `unknown` when no answer came
   * (connection lost): then it may have committed. Undefined before a COMMIT was sent.
   */
  outcome: () => 'committed' | 'rolled back' | 'unknown' | undefined;
}

/**
 * A transaction's statements on one pooled client. Nothing is sent until the first statement:
 * BEGIN goes with it. Queued writes go, in order, with the next statement or with the COMMIT
 * (`commit`), in the same socket write; a write of a table already written in the current
 * statement starts the next one.
 */
function txOn(client: pg.PoolClient, statement: Statement, beginText: string): TxOn {
  let begin: string | undefined = beginText;
  let batches: Queued[][] = [];
  let tables = new Map<string, boolean>();
  // PostgreSQL runs what was sent in the order it was sent, and after a failure every later
  // statement of the transaction fails with "current transaction is aborted". Whichever of those
  // rejections a caller sees first, the transaction's error is the earliest statement's.
  let issued = 0;
  let first: { at: number; error: unknown } | undefined;
  const track = <T>(sent: Promise<T>): Promise<T> => {
    const at = issued++;
    return sent.catch((error: unknown) => {
      if (!first || at < first.at) first = { at, error };
      throw error;
    });
  };
  /** Sends the BEGIN if not yet sent and the queued writes; returns what to await before trusting a result that follows them. */
  const sendPending = (): Promise<unknown>[] => {
    together(client);
    const sent: Promise<unknown>[] = [];
    if (begin !== undefined) {
      sent.push(track(client.query(begin)));
      begin = undefined;
    }
    for (const batch of batches) sent.push(track(send(client, statement, batch)));
    batches = [];
    tables = new Map();
    return sent;
  };
  const run = (text: string, params: readonly unknown[] = []): Promise<pg.QueryResult> => {
    const before = sendPending();
    const result = track(query(client, statement, text, params));
    return before.length > 0 ? Promise.all([...before, result]).then(() => result) : result;
  };
  const tx: Tx = {
    all: async (text, params) => (await run(text, params)).rows as Row[],
    run: async (text, params) => (await run(text, params)).rowCount ?? 0,
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
  const commit = async (): Promise<void> => {
    // Nothing sent and nothing queued: no transaction was opened, there is nothing to commit.
    if (begin !== undefined && batches.length === 0) return;
    const before = sendPending();
    outcome = 'unknown';
    const done = client.query('COMMIT').then((result) => {
      outcome = result.command === 'COMMIT' ? 'committed' : 'rolled back';
    }, (error: unknown) => {
      if (typeof (error as { code?: unknown }).code === 'string') outcome = 'rolled back';
      throw error;
    });
    await Promise.all([...before, track(done)]);
  };
  let outcome: ReturnType<TxOn['outcome']>;
  return { tx, commit, firstFailure: () => first?.error, outcome: () => outcome };
}

const BEGIN = 'BEGIN';
// One simple query: this transaction's COMMIT returns before its WAL record is flushed (see Durability).
const BEGIN_RELAXED = 'BEGIN; SET LOCAL synchronous_commit = off';

async function transaction<T>(pool: pg.Pool, statement: Statement, fn: (q: Tx) => Promise<T>, options: TxOptions = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    const { tx, commit, firstFailure } = txOn(client, statement, options.durability === 'relaxed' ? BEGIN_RELAXED : BEGIN);
    try {
      const result = await fn(tx);
      await commit();
      return result;
    } catch (thrown) {
      // Sent behind anything still in flight (pipeline), so it is answered after all of it.
      await client.query('ROLLBACK').catch(() => undefined);
      // A failed statement is the cause (the ledger never catches a database error inside a transaction).
      const error = firstFailure() ?? thrown;
      const code = (error as { code?: unknown }).code;
      if (attempt >= 3 || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
    } finally {
      client.release();
    }
  }
}

interface Unit {
  key: string;
  fn: (q: Tx) => Promise<unknown>;
  durability: TxOptions['durability'];
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Units per shared transaction: bounds its size, and how long its first unit's locks wait for the last. */
const MAX_GROUP = 32;

/**
 * Concurrent transactions that name a `batch` key share one PostgreSQL transaction: those
 * requested while one event-loop turn runs (up to MAX_GROUP) start together on one connection, in
 * key order, so their first statements leave in one socket write; their queued writes and one
 * COMMIT leave in another. A group of n notifications costs 2 round trips and one commit instead
 * of 2n and n. Each caller hears back after that COMMIT.
 *
 * The units run concurrently inside the transaction, so a unit's reads do not see another unit's
 * queued writes. A group therefore holds at most one unit per key (the row the unit locks: a
 * notification's order), and the ledger's writes stay guarded anyway (the order update is
 * `… WHERE status = <the status read>` with a one-row check). Any failure at all (an error a unit
 * throws, a failed statement or check, a COMMIT refused with PostgreSQL's error code) rolls the
 * group back and runs every unit again as a transaction of its own, where each gets its own
 * answer. A COMMIT lost without an answer may have committed, so then every unit fails instead.
 * Units lock in key order, so two groups of one-order units cannot deadlock each other.
 */
function grouped(pool: pg.Pool, statement: Statement): (key: string, fn: (q: Tx) => Promise<unknown>, options: TxOptions) => Promise<unknown> {
  const waiting: Unit[] = [];
  let scheduled = false;
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      // One unit per key in a group: a second one for the same order waits for the next group
      // (and then for the first one's row lock), so the units of a group touch disjoint rows.
      const group: Unit[] = [];
      const keys = new Set<string>();
      const later: Unit[] = [];
      for (const unit of waiting) {
        if (group.length < MAX_GROUP && !keys.has(unit.key)) {
          keys.add(unit.key);
          group.push(unit);
        } else later.push(unit);
      }
      waiting.splice(0, waiting.length, ...later);
      if (waiting.length > 0) schedule();
      void runGroup(pool, statement, group);
    });
  };
  return (key, fn, options) => new Promise((resolve, reject) => {
    waiting.push({ key, fn, durability: options.durability, resolve, reject });
    schedule();
  });
}

function alone(pool: pg.Pool, statement: Statement, unit: Unit): void {
  transaction(pool, statement, unit.fn, unit.durability ? { durability: unit.durability } : {}).then(unit.resolve, unit.reject);
}

async function runGroup(pool: pg.Pool, statement: Statement, group: Unit[]): Promise<void> {
  const [only] = group;
  if (group.length === 1 && only) return alone(pool, statement, only);
  group.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    for (const unit of group) unit.reject(error);
    return;
  }
  const relaxed = group.every((unit) => unit.durability === 'relaxed');
  const t = txOn(client, statement, relaxed ? BEGIN_RELAXED : BEGIN);
  let values: unknown[] | undefined;
  try {
    // Every unit starts now, in key order: their first statements share one socket write.
    const settled = await Promise.allSettled(group.map((unit) => unit.fn(t.tx)));
    if (settled.every((result) => result.status === 'fulfilled')) {
      const results = settled.map((result) => result.value);
      await t.commit();
      values = results;
    }
  } catch {
    // Handled below, once the ROLLBACK (sent behind everything in flight) has been answered.
  }
  if (!values) await client.query('ROLLBACK').catch(() => undefined);
  const outcome = t.outcome();
  // A connection whose COMMIT got no answer is not given back to the pool.
  client.release(outcome === 'unknown');
  if (!values && (outcome === 'unknown' || outcome === 'committed')) {
    // The COMMIT got no answer (the connection failed): it may have committed, so nothing runs again.
    const error = t.firstFailure() ?? new Error('The connection to PostgreSQL failed during COMMIT; whether the transaction committed is unknown.');
    for (const unit of group) unit.reject(error);
    return;
  }
  group.forEach((unit, i) => {
    if (values) unit.resolve(values[i]);
    else alone(pool, statement, unit);
  });
}
