import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError } from '@lianlian-checkout/protocol';
import type { Driver, Durability, Row, Sql, Tx, TxOptions } from './driver.js';

/**
 * SQLite adapter (better-sqlite3). WAL lets readers run beside one writer; `BEGIN IMMEDIATE` takes
 * the write lock up front so two processes on one file queue on `busy_timeout` instead of failing
 * with SQLITE_BUSY on a read-to-write upgrade. better-sqlite3 is synchronous and one connection
 * can hold only one transaction, so this process's statements are queued on that connection.
 */
export interface SqliteTarget {
  path: string;
  /** `full` (default): each COMMIT is fsynced before anyone is answered. `normal`: see docs/ledger.md. */
  synchronous: 'full' | 'normal';
}

/** `sqlite:<path>[?synchronous=full|normal]`, `sqlite::memory:` (tests). */
export function sqliteTarget(databaseUrl: string): SqliteTarget {
  const rest = databaseUrl.slice('sqlite:'.length);
  const [raw = '', query = ''] = rest.split('?', 2);
  const sync = new URLSearchParams(query).get('synchronous')?.toLowerCase() ?? 'full';
  if (sync !== 'full' && sync !== 'normal') {
    throw new ConfigError('database_url_synchronous', `DATABASE_URL has synchronous=${sync.slice(0, 20)}; use "full" (default) or "normal".`);
  }
  const path = raw === ':memory:' ? raw : raw.startsWith('//') ? raw.slice(2) : raw;
  if (path === '') throw new ConfigError('database_url_path', 'DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/lianlian-checkout.db.');
  return { path, synchronous: sync };
}

export interface SqliteOptions {
  /** Told when an existing database file was readable by others and has been tightened to 0600. */
  onWarning?: (message: string, details: Record<string, unknown>) => void;
}

/**
 * The database holds buyers' data, so its file is only the server user's: created 0600 (SQLite
 * gives its -wal and -shm files the database file's mode), in a 0700 folder when the server creates
 * the folder. Modes are set at creation, so the umask cannot widen them. An existing file, -wal or
 * -shm that others can read is tightened to 0600, with a warning; an existing folder is left as it is.
 */
function prepareFile(path: string, options: SqliteOptions): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, 'wx', 0o600));
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    let mode: number;
    try {
      mode = statSync(file).mode & 0o777;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // -wal and -shm exist only while the database is open.
      throw error;
    }
    if ((mode & 0o077) === 0) continue;
    try {
      chmodSync(file, 0o600);
      options.onWarning?.('database file was readable by other users; its mode is now 0600', { file, was: mode.toString(8) });
    } catch (error) {
      options.onWarning?.('database file is readable by other users and its mode could not be changed; chmod 600 it', {
        file, mode: mode.toString(8), reason: (error as NodeJS.ErrnoException).code ?? 'unknown',
      });
    }
  }
}

export function openSqlite(target: SqliteTarget, options: SqliteOptions = {}): Driver {
  const { path } = target;
  if (path !== ':memory:') prepareFile(path, options);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // FULL: every commit reaches the disk before LianLian gets its `0000` (spec §5). NORMAL survives a
  // process crash; an OS crash may lose the last commits, which the reconciler recovers by order query.
  db.pragma(`synchronous = ${target.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  // In WAL mode `synchronous` is read at each COMMIT, so a group of only relaxed transactions can
  // skip the fsync while every other commit keeps it (see Durability in driver.ts).
  let synchronous: Durability = target.synchronous === 'full' ? 'durable' : 'relaxed';
  const setSynchronous = (wanted: Durability): void => {
    const effective = target.synchronous === 'full' ? wanted : 'relaxed';
    if (effective === synchronous) return;
    db.pragma(`synchronous = ${effective === 'durable' ? 'FULL' : 'NORMAL'}`);
    synchronous = effective;
  };
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
  // A write runs at once: SQLite has no round trip to save, and a failure throws where it was queued.
  const tx: Tx = {
    ...sql,
    write: (text, params, check) => {
      const changed = prepare(text).run(...bind(params)).changes;
      if (check && changed !== check.rows) throw check.error();
    },
  };
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = queue.then(fn);
    queue = result.catch(() => undefined);
    return result;
  };
  const commits = groupCommit(db, tx, exclusive, setSynchronous);
  return {
    kind: 'sqlite',
    forUpdate: '',
    skipLocked: '',
    types: { serial: 'INTEGER PRIMARY KEY AUTOINCREMENT', bigint: 'INTEGER' },
    all: (text, params) => exclusive(() => sql.all(text, params)),
    // A lone write is a one-statement transaction: it joins the next group commit instead of paying its own fsync.
    run: (text, params) => commits((q) => q.run(text, params)),
    tx: commits,
    lockMigrations: () => Promise.resolve(),
    lockKey: () => Promise.resolve(),
    close: () =>
      exclusive(() => {
        db.close();
        return Promise.resolve();
      }),
  };
}

interface Unit {
  fn: (q: Tx) => Promise<unknown>;
  durability: Durability;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const MAX_GROUP = 256;

/**
 * Group commit: transactions requested while the previous COMMIT was syncing run together, each in
 * its own SAVEPOINT (a failing one rolls back alone), under one BEGIN IMMEDIATE … COMMIT. Each caller
 * hears back only after that COMMIT reached the disk, so the answer still follows a durable write,
 * but one fsync now covers many notifications instead of one.
 */
function groupCommit(
  db: Database.Database,
  sql: Tx,
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>,
  setSynchronous: (durability: Durability) => void,
): Driver['tx'] {
  const statements = control(db);
  const waiting: Unit[] = [];
  let scheduled = false;
  const flush = async (): Promise<void> => {
    scheduled = false;
    const group = waiting.splice(0, MAX_GROUP);
    if (waiting.length > 0) schedule();
    // One durable unit makes the whole group's COMMIT durable; a relaxed-only group skips the fsync.
    setSynchronous(group.some((unit) => unit.durability === 'durable') ? 'durable' : 'relaxed');
    const outcomes = await runGroup(db, statements, sql, group);
    group.forEach((unit, i) => {
      const outcome = outcomes[i];
      if (outcome && 'error' in outcome) unit.reject(outcome.error);
      else unit.resolve(outcome?.value);
    });
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    // setImmediate, not a microtask: the group closes after this turn's I/O callbacks (every request
    // that arrived during the last fsync) have queued their transactions, so one fsync covers them all.
    setImmediate(() => void exclusive(flush));
  };
  return <T>(fn: (q: Tx) => Promise<T>, options: TxOptions = {}) =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ fn, durability: options.durability ?? 'durable', resolve: resolve as (value: unknown) => void, reject });
      schedule();
    });
}

type Outcome = { value: unknown } | { error: unknown };

/** Transaction control as prepared statements: `exec` would parse the SQL again on every commit. */
interface Control {
  begin: Database.Statement;
  commit: Database.Statement;
  rollback: Database.Statement;
  savepoint: Database.Statement;
  release: Database.Statement;
  rollbackTo: Database.Statement;
}

function control(db: Database.Database): Control {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT unit'),
    release: db.prepare('RELEASE unit'),
    rollbackTo: db.prepare('ROLLBACK TO unit'),
  };
}

async function runGroup(db: Database.Database, c: Control, sql: Tx, group: Unit[]): Promise<Outcome[]> {
  const [only] = group;
  if (group.length === 1 && only) return [await runAlone(db, c, sql, only)];
  const outcomes: Outcome[] = [];
  try {
    c.begin.run();
    for (const unit of group) {
      c.savepoint.run();
      try {
        outcomes.push({ value: await unit.fn(sql) });
        c.release.run();
      } catch (error) {
        c.rollbackTo.run();
        c.release.run();
        outcomes.push({ error });
      }
    }
    c.commit.run();
    return outcomes;
  } catch (error) {
    // BEGIN or COMMIT failed (busy past busy_timeout, disk error): nothing of the group is durable.
    if (db.inTransaction) c.rollback.run();
    return group.map(() => ({ error }));
  }
}

/** A group of one needs no savepoint: its failure rolls back the whole transaction. */
async function runAlone(db: Database.Database, c: Control, sql: Tx, unit: Unit): Promise<Outcome> {
  try {
    c.begin.run();
    const value = await unit.fn(sql);
    c.commit.run();
    return { value };
  } catch (error) {
    if (db.inTransaction) c.rollback.run();
    return { error };
  }
}
