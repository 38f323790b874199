import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callbackContract } from './contract-callbacks.js';
import { orderContract } from './contract.js';
import { openLedger } from './index.js';

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

  it('refuses an unsupported DATABASE_URL with a config error', async () => {
    await expect(openLedger('mysql://x')).rejects.toMatchObject({ code: 'database_url_unsupported' });
  });
});
