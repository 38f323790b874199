import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { callbackContract } from '../../test/support/ledger-contract/callbacks.js';
import { historyContract } from '../../test/support/ledger-contract/history.js';
import { orderContract } from '../../test/support/ledger-contract/orders.js';
import { personalDataContract } from '../../test/support/ledger-contract/personal.js';
import { stateContract } from '../../test/support/ledger-contract/states.js';
import { migrationContract } from '../../test/support/ledger-contract/migrations.js';
import { newOrder } from '../../test/support/ledger.js';
import { openLedger } from './index.js';
import type { Driver, TxOptions } from './driver.js';
import { sqlLedger } from './sql-ledger.js';
import { openSqlite, sqliteTarget } from './sqlite.js';
import { createVault } from './vault.js';

describe('ledger contract: sqlite (in memory)', () => {
  const harness = { open: (clock: { now: () => Date }) => openLedger('sqlite::memory:', clock) };
  orderContract(harness);
  callbackContract(harness);
  historyContract(harness);
  stateContract(harness);
  migrationContract(() => Promise.resolve(openSqlite({ path: ':memory:', synchronous: 'full' })));
});

describe('ledger contract: sqlite (on a file), personal data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-personal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  personalDataContract({
    database: () => {
      const path = join(dir, `db${++n}`, 'ledger.db');
      return Promise.resolve({
        open: (options) => openLedger(`sqlite:${path}`, options),
        rows: async (sql) => {
          const driver = openSqlite({ path, synchronous: 'full' });
          try {
            return await driver.all(sql);
          } finally {
            await driver.close();
          }
        },
        rawBytes: () => Promise.resolve(Buffer.concat([path, `${path}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)))),
      });
    },
  });
});

describe('sqlite adapter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses WAL on a file and keeps data across reopen', async () => {
    const path = join(dir, 'nested', 'ledger.db');
    const url = `sqlite:${path}`;
    const first = await openLedger(url);
    await first.appendEvent('N1', 'note', { a: 1 });
    expect(existsSync(`${path}-wal`)).toBe(true);
    await first.close();
    const second = await openLedger(url);
    expect((await second.listEvents('N1')).map((e) => e.data)).toEqual([{ a: 1 }]);
    await second.close();
  });

  const mode = (file: string): string => (statSync(file).mode & 0o777).toString(8);

  it('creates the database, its -wal and -shm files 0600 in a 0700 folder it creates', async () => {
    const path = join(dir, 'private', 'deeper', 'ledger.db');
    const ledger = await openLedger(`sqlite:${path}`);
    await ledger.createOrder({ order: newOrder() });
    expect([mode(join(dir, 'private')), mode(join(dir, 'private', 'deeper'))]).toEqual(['700', '700']);
    expect([mode(path), mode(`${path}-wal`), mode(`${path}-shm`)]).toEqual(['600', '600', '600']);
    await ledger.close();
  });

  it('sets those modes whatever the umask', () => {
    const path = join(dir, 'umask0', 'ledger.db');
    const index = fileURLToPath(new URL('./index.ts', import.meta.url));
    const testing = fileURLToPath(new URL('../../test/support/ledger.ts', import.meta.url));
    const script = `process.umask(0);
      const { openLedger } = await import(${JSON.stringify(index)});
      const { newOrder } = await import(${JSON.stringify(testing)});
      const fs = await import('node:fs');
      const l = await openLedger(${JSON.stringify(`sqlite:${path}`)});
      await l.createOrder({ order: newOrder() });
      const m = (f) => (fs.statSync(f).mode & 0o777).toString(8);
      console.log(JSON.stringify([m(${JSON.stringify(join(dir, 'umask0'))}), m(${JSON.stringify(path)}), m(${JSON.stringify(`${path}-wal`)}), m(${JSON.stringify(`${path}-shm`)})]));
      await l.close();`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out.trim()) as string[]).toEqual(['700', '600', '600', '600']);
  });

  it('tightens an existing database file and -wal readable by others to 0600 and says so; leaves an existing folder alone', async () => {
    const folder = join(dir, 'existing');
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);
    const path = join(folder, 'ledger.db');
    await (await openLedger(`sqlite:${path}`)).close();
    chmodSync(path, 0o644);
    writeFileSync(`${path}-wal`, '', { mode: 0o644 });
    chmodSync(`${path}-wal`, 0o644);
    const warnings: unknown[] = [];
    const ledger = await openLedger(`sqlite:${path}`, { onWarning: (message, details) => warnings.push({ message, ...details }) });
    await ledger.createOrder({ order: newOrder() });
    expect([mode(folder), mode(path), mode(`${path}-wal`), mode(`${path}-shm`)]).toEqual(['755', '600', '600', '600']);
    expect(warnings).toEqual([
      { message: expect.stringContaining('mode is now 0600') as unknown, file: path, was: '644' },
      { message: expect.stringContaining('mode is now 0600') as unknown, file: `${path}-wal`, was: '644' },
    ]);
    await ledger.close();
  });

  it('returns rows as plain objects keyed by column', async () => {
    const driver = openSqlite({ path: ':memory:', synchronous: 'full' });
    await driver.run('CREATE TABLE t (a TEXT, b INTEGER, c BLOB)');
    await driver.run('INSERT INTO t VALUES (?, ?, ?), (?, ?, ?)', ['x', 1, null, 'y', 2, Buffer.from('hi')]);
    expect(await driver.all('SELECT a, b, c FROM t ORDER BY b')).toEqual([{ a: 'x', b: 1, c: null }, { a: 'y', b: 2, c: Buffer.from('hi') }]);
    expect(await driver.all('SELECT a FROM t WHERE b = ?', [99])).toEqual([]);
    // Duplicate names: the last column wins.
    expect(await driver.all('SELECT 1 AS n, 2 AS n')).toEqual([{ n: 2 }]);
    // A statement that is not a reader (through `all`) runs and returns no rows.
    expect(await driver.all('UPDATE t SET b = b + 10')).toEqual([]);
    expect(await driver.all('SELECT SUM(b) AS s FROM t')).toEqual([{ s: 23 }]);
    await driver.close();
  });

  it('reads the path and synchronous mode from DATABASE_URL', () => {
    expect(sqliteTarget('sqlite:./data/x.db')).toEqual({ path: './data/x.db', synchronous: 'full' });
    expect(sqliteTarget('sqlite:///var/x.db?synchronous=NORMAL')).toEqual({ path: '/var/x.db', synchronous: 'normal' });
    expect(sqliteTarget('sqlite::memory:')).toEqual({ path: ':memory:', synchronous: 'full' });
    expect(() => sqliteTarget('sqlite:x.db?synchronous=off')).toThrow(expect.objectContaining({ code: 'database_url_synchronous' }));
    expect(() => sqliteTarget('sqlite:')).toThrow(expect.objectContaining({ code: 'database_url_path' }));
  });

  it('group-commits concurrent transactions, rolling back only the one that fails', async () => {
    const ledger = await openLedger('sqlite::memory:');
    const results = await Promise.allSettled([
      ledger.createOrder({ order: newOrder({ noOrder: 'G1' }) }),
      ledger.createOrder({ order: newOrder({ noOrder: 'G1' }) }),
      ledger.createOrder({ order: newOrder({ noOrder: 'G2' }) }),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.kind : 'rejected'))).toEqual(['created', 'duplicate_no_order', 'created']);
    expect((await ledger.listEvents('G1')).map((e) => e.type)).toEqual(['created']);
    expect((await ledger.getOrder('G2'))?.status).toBe('created');
    await ledger.close();
  });

  it('never lets a read see an open transaction', async () => {
    const driver = openSqlite({ path: ':memory:', synchronous: 'full' });
    await driver.run('CREATE TABLE t (v INTEGER)');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const opened = new Promise<void>((resolve) => (inside = resolve));
    const tx = driver.tx(async (q) => {
      await q.run('INSERT INTO t (v) VALUES (1)');
      inside();
      await held; // the transaction stays open, its row uncommitted
    });
    await opened;
    let seen: unknown;
    const during = driver.all('SELECT COUNT(*) AS n FROM t').then((rows) => (seen = rows[0]?.n));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toBeUndefined(); // queued behind the open transaction, not answered from inside it
    release();
    await Promise.all([tx, during]);
    expect(seen).toBe(1);
    await expect(driver.all('SELECT nope FROM t')).rejects.toThrow(/no such column/);
    await driver.close();
  });

  it('rolls back a lone transaction that fails after writing, and keeps the connection usable', async () => {
    const driver = openSqlite({ path: ':memory:', synchronous: 'full' });
    await driver.run('CREATE TABLE t (x INTEGER)');
    await expect(driver.tx(async (q) => {
      await q.run('INSERT INTO t (x) VALUES (1)');
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await driver.all('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 0 }]);
    await driver.tx((q) => q.run('INSERT INTO t (x) VALUES (2)'));
    expect(await driver.all('SELECT x FROM t')).toEqual([{ x: 2 }]);
    await driver.close();
  });

  it('fsyncs a durable commit, skips the fsync for a group of only relaxed ones, and a durable unit wins in a mixed group', async () => {
    const driver = openSqlite({ path: join(dir, 'durability.db'), synchronous: 'full' });
    // PRAGMA synchronous: 2 = FULL (COMMIT fsyncs the WAL), 1 = NORMAL (no fsync at COMMIT).
    const mode = (options?: TxOptions): Promise<unknown> => driver.tx(async (q) => (await q.all('PRAGMA synchronous'))[0]?.synchronous, options);
    try {
      expect(await mode()).toBe(2);
      expect(await mode({ durability: 'relaxed' })).toBe(1);
      expect(await mode({ durability: 'durable' })).toBe(2);
      // Requested in one turn, so they share one group commit: the durable one makes it FULL for both.
      expect(await Promise.all([mode({ durability: 'relaxed' }), mode({ durability: 'durable' })])).toEqual([2, 2]);
      expect(await mode({ durability: 'relaxed' })).toBe(1);
    } finally {
      await driver.close();
    }
    // synchronous=normal in DATABASE_URL: every commit is NORMAL, whatever a transaction asks.
    const normal = openSqlite({ path: join(dir, 'normal.db'), synchronous: 'normal' });
    expect(await normal.tx(async (q) => (await q.all('PRAGMA synchronous'))[0]?.synchronous)).toBe(1);
    await normal.close();
  });

  it('records a checkout signing with relaxed durability and everything else durably', async () => {
    const seen: string[] = [];
    const inner = openSqlite({ path: ':memory:', synchronous: 'full' });
    const driver: Driver = { ...inner, tx: (fn, options) => (seen.push(options?.durability ?? 'durable'), inner.tx(fn, options)) };
    const ledger = sqlLedger(driver, () => new Date(), createVault(undefined));
    await ledger.migrate();
    seen.length = 0;
    await ledger.createOrder({ order: newOrder({ noOrder: 'D1' }) });
    await ledger.markCheckoutSigned('D1', { timestamp: '20240301120000' });
    await ledger.applyStatusEvent('D1', 'payment_succeeded', { type: 'notify_verified', data: {} });
    expect(seen).toEqual(['durable', 'relaxed', 'durable']);
    expect((await ledger.getOrder('D1'))?.status).toBe('paid');
    await ledger.close();
  });

  it('refuses an unsupported DATABASE_URL with a config error', async () => {
    await expect(openLedger('mysql://x')).rejects.toMatchObject({ code: 'database_url_unsupported' });
  });
});
