import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Driver, Row, Sql } from './driver.js';

/**
 * SQLite adapter (better-sqlite3). WAL lets readers run beside one writer; `BEGIN IMMEDIATE` takes
 * the write lock up front so two processes on one file queue on `busy_timeout` instead of failing
 * with SQLITE_BUSY on a read-to-write upgrade. better-sqlite3 is synchronous and one connection
 * can hold only one transaction, so this process's statements are queued on that connection.
 */
export function sqlitePath(databaseUrl: string): string {
  const rest = databaseUrl.slice('sqlite:'.length);
  if (rest === ':memory:') return ':memory:';
  return rest.startsWith('//') ? rest.slice(2) : rest;
}

export function openSqlite(path: string): Driver {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // FULL: every commit reaches the disk before LianLian gets its `0000` (spec §5 "durably recorded").
  db.pragma('synchronous = FULL');
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      statements.set(sql, stmt);
    }
    return stmt;
  };
  const bind = (params: readonly unknown[]): unknown[] => params.map((p) => (p === undefined ? null : p));
  const sql: Sql = {
    all: (text, params = []) => {
      const stmt = prepare(text);
      if (!stmt.reader) {
        stmt.run(...bind(params));
        return Promise.resolve([]);
      }
      return Promise.resolve(stmt.all(...bind(params)) as Row[]);
    },
    run: (text, params = []) => Promise.resolve(prepare(text).run(...bind(params)).changes),
  };
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = queue.then(fn);
    queue = result.catch(() => undefined);
    return result;
  };
  return {
    kind: 'sqlite',
    forUpdate: '',
    types: { serial: 'INTEGER PRIMARY KEY AUTOINCREMENT', bigint: 'INTEGER' },
    all: (text, params) => exclusive(() => sql.all(text, params)),
    run: (text, params) => exclusive(() => sql.run(text, params)),
    tx: (fn) => exclusive(() => runTransaction(db, sql, fn)),
    lockMigrations: () => Promise.resolve(),
    close: () =>
      exclusive(() => {
        db.close();
        return Promise.resolve();
      }),
  };
}

async function runTransaction<T>(db: Database.Database, sql: Sql, fn: (q: Sql) => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await fn(sql);
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
