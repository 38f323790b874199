import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callbackContract } from './contract-callbacks.js';
import { orderContract } from './contract.js';
import { newOrder } from './testing.js';
import { openLedger } from './index.js';
import { sqliteTarget } from './sqlite.js';

describe('ledger contract: sqlite (in memory)', () => {
  const harness = { open: (clock: { now: () => Date }) => openLedger('sqlite::memory:', clock) };
  orderContract(harness);
  callbackContract(harness);
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

  it('refuses an unsupported DATABASE_URL with a config error', async () => {
    await expect(openLedger('mysql://x')).rejects.toMatchObject({ code: 'database_url_unsupported' });
  });
});
