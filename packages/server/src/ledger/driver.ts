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

export interface Driver extends Sql {
  readonly kind: 'sqlite' | 'postgres';
  /** Row lock suffix for `SELECT` inside a transaction (SQLite locks the whole database instead). */
  readonly forUpdate: string;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (q: Sql) => Promise<T>): Promise<T>;
  /** DDL type names that differ between the databases. */
  readonly types: { serial: string; bigint: string };
  /** Takes the database-wide migration lock for the current transaction. */
  lockMigrations(q: Sql): Promise<void>;
  close(): Promise<void>;
}
