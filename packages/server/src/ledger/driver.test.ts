import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../../test/support/databases.js';
import type { Driver } from './driver.js';
import { openPostgres } from './postgres.js';
import { openSqlite, sqliteTarget } from './sqlite.js';

/**
 * The driver contract the ledger is written against (driver.ts): queued writes (`Tx.write`) and
 * their checks, and statements started together. PostgreSQL's pipelining (a transaction's BEGIN
 * sent with its first statement, its queued writes with its COMMIT) is tested in postgres.test.ts.
 */
class CheckFailed extends Error {}

describeOnEachDatabase('ledger driver', (db) => {
  let driver: Driver;
  beforeEach(async () => {
    const fresh = await db.fresh('driver_test');
    driver = db.kind === 'sqlite' ? openSqlite(sqliteTarget(fresh.url)) : openPostgres(fresh.url, fresh.schema ? { schema: fresh.schema } : {});
    await driver.run('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
    await driver.run("INSERT INTO t (k, v) VALUES ('a', 1)");
  });
  afterEach(async () => {
    await driver.close();
  });
  const values = async (): Promise<Record<string, number>> =>
    Object.fromEntries((await driver.all('SELECT k, v FROM t ORDER BY k')).map((r) => [String(r.k), Number(r.v)]));
  const failing = { rows: 1, error: () => new CheckFailed('the row moved') };

  it('commits queued writes whose checks hold, and a later read in the transaction sees them', async () => {
    const seen = await driver.tx(async (q) => {
      q.write('UPDATE t SET v = ? WHERE k = ? AND v = ?', [2, 'a', 1], failing);
      q.write('INSERT INTO t (k, v) VALUES (?, ?)', ['b', 5]);
      return q.all('SELECT count(*) AS n FROM t');
    });
    expect(Number(seen[0]?.n)).toBe(2);
    expect(await values()).toEqual({ a: 2, b: 5 });
  });

  it('rolls the whole transaction back with the check\'s own error when a queued write changed other than the rows it expected', async () => {
    const attempt = driver.tx(async (q) => {
      await q.run('INSERT INTO t (k, v) VALUES (?, ?)', ['c', 3]);
      q.write('INSERT INTO t (k, v) VALUES (?, ?)', ['d', 4]);
      q.write('UPDATE t SET v = ? WHERE k = ? AND v = ?', [9, 'a', 7], failing);
    });
    await expect(attempt).rejects.toBeInstanceOf(CheckFailed);
    expect(await values()).toEqual({ a: 1 });
    // The connection is clean afterwards: the next transaction commits.
    await driver.tx((q) => {
      q.write('UPDATE t SET v = ? WHERE k = ?', [6, 'a'], failing);
      return Promise.resolve();
    });
    expect(await values()).toEqual({ a: 6 });
  });

  it('fails the next statement with the check\'s error when a queued write before it did not hold', async () => {
    const attempt = driver.tx(async (q) => {
      q.write('UPDATE t SET v = ? WHERE k = ? AND v = ?', [9, 'a', 7], failing);
      return q.all('SELECT v FROM t');
    });
    await expect(attempt).rejects.toBeInstanceOf(CheckFailed);
    expect(await values()).toEqual({ a: 1 });
  });

  it('answers statements started together each with its own result, in one transaction', async () => {
    const [rows, inserted, updated] = await driver.tx((q) => Promise.all([
      q.all('SELECT v FROM t WHERE k = ?', ['a']),
      q.run('INSERT INTO t (k, v) SELECT ?, ? WHERE EXISTS (SELECT 1 FROM t WHERE k = ?)', ['e', 7, 'a']),
      q.run('UPDATE t SET v = v + 1 WHERE k = ?', ['zzz']),
    ]));
    expect(rows).toEqual([{ v: 1 }]);
    expect([inserted, updated]).toEqual([1, 0]);
    expect(await values()).toEqual({ a: 1, e: 7 });
  });

  it('rolls back statements started together when one of them fails', async () => {
    const attempt = driver.tx((q) => Promise.all([
      q.run('INSERT INTO t (k, v) VALUES (?, ?)', ['f', 1]),
      q.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1]),
    ]));
    await expect(attempt).rejects.toThrow();
    expect(await values()).toEqual({ a: 1 });
  });
});
