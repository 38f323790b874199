/**
 * The small SQL surface the ledger is written against. Both adapters speak it; the ledger's
 * statements use `?` placeholders and portable SQL (`ON CONFLICT`, `RETURNING`), so the logic
 * exists once and only connection handling differs per database.
 */
export type Row = Record<string, unknown>;

export interface Sql {
  all(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

/**
 * How a transaction's commit is made durable before `tx()` resolves.
 * - `durable` (default): on disk before the caller hears back (SQLite `synchronous=FULL` for that
 *   commit, PostgreSQL `synchronous_commit` as configured, normally `on`).
 * - `relaxed`: committed and visible, but the flush to disk may follow shortly after (SQLite
 *   `synchronous=NORMAL` for that commit, PostgreSQL `SET LOCAL synchronous_commit = off`). A process
 *   crash loses nothing; an OS crash or power cut may lose the newest relaxed commits, never a later
 *   durable one (both databases log in order), and never leaves a torn state. For writes whose loss
 *   is harmless, such as the `checkout_signed` audit row.
 */
export type Durability = 'durable' | 'relaxed';

/** What a queued write must have changed, and the error that rolls the transaction back otherwise. */
export interface WriteCheck {
  rows: number;
  error: () => Error;
}

/**
 * A transaction's statements. Beyond `Sql`, `write` queues a write whose result nobody reads:
 * PostgreSQL sends the queued writes together, as one statement (each a data-modifying CTE), just
 * before the transaction's next statement or its COMMIT, so the usual tail of a state change (order
 * update, history row, outbox row) costs one round trip instead of three. SQLite runs each at once.
 * A queued write's failure (or a `check` that does not hold) fails that next statement or the
 * commit, and the transaction rolls back as a whole, as if the write had failed where it was queued.
 * Queued writes see the database as it was before all of them, so nothing queued may depend on
 * another queued write's effect (the adapter sends earlier writes first when two touch one table).
 */
export interface Tx extends Sql {
  write(sql: string, params: readonly unknown[], check?: WriteCheck): void;
}

export interface TxOptions {
  durability?: Durability;
  /**
   * May share one database transaction with other concurrent ones that name a key, under one
   * COMMIT (PostgreSQL; SQLite already commits every transaction in groups). A group holds at most
   * one transaction per key and starts them together in key order, so give the key of what the
   * transaction locks (a notification: its order; a checkout signing: the customer's limits lock).
   * Any failure runs every transaction of the group again on its own, so the result and any error
   * stay each caller's own (postgres.ts, `grouped`).
   */
  batch?: string;
}

export interface Driver extends Sql {
  readonly kind: 'sqlite' | 'postgres';
  /** Row lock suffix for `SELECT` inside a transaction (SQLite locks the whole database instead). */
  readonly forUpdate: string;
  /**
   * Suffix for the `SELECT` inside a claiming `UPDATE … WHERE id IN (SELECT …)`: PostgreSQL skips
   * rows another transaction is claiming (`FOR UPDATE SKIP LOCKED`) instead of waiting for them;
   * SQLite has one writer at a time, so a claim never meets another one in progress.
   */
  readonly skipLocked: string;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (q: Tx) => Promise<T>, options?: TxOptions): Promise<T>;
  /** DDL type names that differ between the databases. */
  readonly types: { serial: string; bigint: string };
  /** Takes the database-wide migration lock for the current transaction. */
  lockMigrations(q: Sql): Promise<void>;
  /**
   * Serialises the transactions that take the same `key`, across processes, until the current one
   * ends. PostgreSQL: a transaction-level advisory lock on a hash of the key (a collision only
   * makes two unrelated keys wait for each other). SQLite: nothing more to take, since every write
   * transaction already holds the database's single write lock (`BEGIN IMMEDIATE`).
   */
  lockKey(q: Sql, key: string): Promise<void>;
  close(): Promise<void>;
}
