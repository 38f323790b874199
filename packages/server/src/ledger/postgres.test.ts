import { Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callbackContract } from '../../test/support/ledger-contract/callbacks.js';
import { historyContract } from '../../test/support/ledger-contract/history.js';
import { orderContract } from '../../test/support/ledger-contract/orders.js';
import { personalDataContract } from '../../test/support/ledger-contract/personal.js';
import { stateContract } from '../../test/support/ledger-contract/states.js';
import { migrationContract } from '../../test/support/ledger-contract/migrations.js';
import { openLedger } from './index.js';
import type { Row, Tx } from './driver.js';
import { openPostgres } from './postgres.js';
import { announceSkip, createSchema, dropSchema, dumpSchema, TEST_DATABASE_URL } from '../../test/support/postgres.js';

announceSkip('ledger contract: postgres');

describe.skipIf(!TEST_DATABASE_URL)('ledger contract: postgres', () => {
  const url = TEST_DATABASE_URL ?? '';
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(url, schema);
  });
  // Each test gets a fresh schema so the contract sees an empty ledger, as on SQLite in memory.
  const harness = {
    open: async (clock: { now: () => Date }) => {
      const schema = await createSchema(url);
      schemas.push(schema);
      return openLedger(url, { ...clock, schema });
    },
  };
  orderContract(harness);
  callbackContract(harness);
  personalDataContract({
    database: async () => {
      const schema = await createSchema(url);
      schemas.push(schema);
      const query = async (sql: string): Promise<Row[]> => {
        const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
        await client.connect();
        try {
          return (await client.query(sql)).rows as Row[];
        } finally {
          await client.end();
        }
      };
      return {
        open: (options) => openLedger(url, { ...options, schema }),
        rows: query,
        rawBytes: () => dumpSchema(url, schema),
      };
    },
  });
  historyContract(harness);
  stateContract(harness);
  migrationContract(async () => {
    const schema = await createSchema(url);
    schemas.push(schema);
    return openPostgres(url, { schema });
  });

  it('survives the database dropping its idle connections and reports it', async () => {
    const schema = await createSchema(url);
    schemas.push(schema);
    const app = `ledger_restart_${schema}`;
    let reported: (error: Error) => void = () => undefined;
    const firstError = new Promise<Error>((resolve) => {
      reported = resolve;
    });
    const ledger = await openLedger(`${url}${url.includes('?') ? '&' : '?'}application_name=${app}`, { schema, onConnectionError: (e) => reported(e) });
    try {
      await ledger.ping();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [app]);
      await admin.end();
      expect(await firstError).toBeInstanceOf(Error);
      await ledger.ping();
    } finally {
      await ledger.close();
    }
  });

  it('commits a relaxed transaction with synchronous_commit off, and only that transaction', async () => {
    const driver = openPostgres(url);
    const setting = (durability?: 'relaxed' | 'durable'): Promise<unknown> =>
      driver.tx(async (q) => (await q.all('SHOW synchronous_commit'))[0]?.synchronous_commit, durability ? { durability } : {});
    try {
      expect(await setting()).toBe('on');
      expect(await setting('relaxed')).toBe('off');
      // SET LOCAL ends with its transaction: the pooled connection is back to the server's setting.
      expect(await Promise.all([setting('durable'), setting(), setting()])).toEqual(['on', 'on', 'on']);
    } finally {
      await driver.close();
    }
  });

  it('sends a transaction in as few socket writes as its statements allow (pipelining)', async () => {
    const schema = await createSchema(url);
    schemas.push(schema);
    const driver = openPostgres(url, { schema });
    try {
      await driver.run('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
      await driver.run("INSERT INTO t (k, v) VALUES ('a', 1)");
      const writes = countSocketWrites(url);
      try {
        await driver.tx(async (q) => {
          // BEGIN, this read and the insert started with it: one write.
          await Promise.all([q.all('SELECT v FROM t WHERE k = ?', ['a']), q.run('INSERT INTO t (k, v) VALUES (?, ?)', ['g', 1])]);
          // The queued writes and the COMMIT: one write.
          q.write('UPDATE t SET v = ? WHERE k = ? AND v = ?', [2, 'a', 1], { rows: 1, error: () => new Error('the row moved') });
          q.write('INSERT INTO t (k, v) VALUES (?, ?)', ['h', 1]);
        });
        expect(writes.count()).toBe(2);
      } finally {
        writes.stop();
      }
      expect(await driver.all('SELECT k, v FROM t ORDER BY k')).toEqual([{ k: 'a', v: 2 }, { k: 'g', v: 1 }, { k: 'h', v: 1 }]);
    } finally {
      await driver.close();
    }
  });

  describe('transactions that name a batch key', () => {
    let driver: ReturnType<typeof openPostgres>;
    const rows = async (): Promise<Record<string, number>> =>
      Object.fromEntries((await driver.all('SELECT k, v FROM t ORDER BY k')).map((r) => [String(r.k), Number(r.v)]));
    /** Locks row k, then queues its increment guarded by the value read (checked: one row), as a state change does. */
    const bump = (k: string, then?: (q: Tx) => Promise<void>) => driver.tx(async (q) => {
      const found = await q.all('SELECT v FROM t WHERE k = ? FOR UPDATE', [k]);
      const v = Number(found[0]?.v ?? -1);
      q.write('UPDATE t SET v = ? WHERE k = ? AND v = ?', [v + 1, k, v], { rows: 1, error: () => new Error(`row ${k} is missing or moved`) });
      await then?.(q);
      return v;
    }, { batch: k });
    beforeAll(async () => {
      const schema = await createSchema(url);
      schemas.push(schema);
      driver = openPostgres(url, { schema });
      await driver.run('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
    });
    afterAll(async () => {
      await driver.close();
    });
    beforeEach(async () => {
      await driver.run('DELETE FROM t');
      await driver.run("INSERT INTO t (k, v) VALUES ('a', 0), ('b', 0), ('c', 0), ('d', 0), ('e', 0)");
    });

    it('share one transaction and one COMMIT, and each caller gets its own result', async () => {
      const writes = countSocketWrites(url);
      let results: number[];
      try {
        results = await Promise.all(['e', 'c', 'a', 'd', 'b'].map((k) => bump(k)));
      } finally {
        writes.stop();
      }
      expect(results).toEqual([0, 0, 0, 0, 0]);
      expect(await rows()).toEqual({ a: 1, b: 1, c: 1, d: 1, e: 1 });
      // Five transactions alone take 10 writes (BEGIN + lock, writes + COMMIT each); grouped, 2.
      expect(writes.count()).toBe(2);
    });

    it('run every unit again alone when one throws or one of its statements fails, so each gets its own answer', async () => {
      const outcomes = await Promise.allSettled([
        bump('a'),
        bump('b', () => Promise.reject(new Error('refused by the caller'))),
        bump('c', async (q) => void (await q.run("INSERT INTO t (k, v) VALUES ('a', 9)"))),
        bump('d'),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain('refused by the caller');
      expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
      expect(await rows()).toEqual({ a: 1, b: 0, c: 0, d: 1, e: 0 });
    });

    it('run each unit alone when a finished unit\'s queued write fails, so the others still commit', async () => {
      await driver.run("DELETE FROM t WHERE k = 'b'");
      const outcomes = await Promise.allSettled([bump('a'), bump('b'), bump('c')]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain('row b is missing or moved');
      expect(await rows()).toEqual({ a: 1, c: 1, d: 0, e: 0 });
    });

    it('take at most one unit per key in a group: units of one row run one after another', async () => {
      const results = await Promise.all([bump('a'), bump('a'), bump('a')]);
      expect([...results].sort()).toEqual([0, 1, 2]);
      expect(await rows()).toMatchObject({ a: 3 });
    });
  });

  describe('migrations', () => {
    let schema = '';
    beforeAll(async () => {
      schema = await createSchema(url);
      schemas.push(schema);
    });
    it('run safely from several instances at once', async () => {
      const ledgers = await Promise.all([1, 2, 3].map(() => openLedger(url, { schema })));
      await Promise.all(ledgers.map((l) => l.ping()));
      expect(ledgers.every((l) => l.kind === 'postgres')).toBe(true);
      await Promise.all(ledgers.map((l) => l.close()));
    });
  });
});

/** Counts socket writes to the database's port while it runs (corked writes leave as one `_writev`). */
function countSocketWrites(url: string): { count: () => number; stop: () => void } {
  const { port, hostname } = new URL(url);
  if (!hostname) throw new Error('this test counts TCP writes: give TEST_DATABASE_URL a host, not a Unix socket');
  const remotePort = Number(port || 5432);
  const proto = Socket.prototype as unknown as Record<'_write' | '_writev', (this: Socket, ...args: unknown[]) => unknown>;
  const original = { write: proto._write, writev: proto._writev };
  let count = 0;
  const counted = (fn: (this: Socket, ...args: unknown[]) => unknown) => function (this: Socket, ...args: unknown[]): unknown {
    if (this.remotePort === remotePort) count++;
    return fn.apply(this, args);
  };
  proto._write = counted(original.write);
  proto._writev = counted(original.writev);
  return {
    count: () => count,
    stop: () => {
      proto._write = original.write;
      proto._writev = original.writev;
    },
  };
}
