import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { openLedger } from '../../src/ledger/index.js';
import type { Ledger } from '../../src/ledger/types.js';
import { baseTestEnv, type TestKeys } from './payments.js';
import { announceSkip, createSchema, dropSchema, TEST_DATABASE_URL } from './postgres.js';

/**
 * Multi-instance race tests: the same race on a fresh SQLite file and, when TEST_DATABASE_URL is
 * set, on a fresh PostgreSQL schema. `race` gets the test's own ledger on that database and the
 * environment its signing-server instances (cluster.ts) start with.
 */
export interface RaceSuite {
  /** Named in both suites' titles, e.g. "two instances" → "two instances, one SQLite file". */
  subject: string;
  /** The test's name, the same on both databases. */
  should: string;
  /** Names the temporary folder and the PostgreSQL schema, e.g. "ledger_race". */
  name: string;
  keys: TestKeys;
  /** Settings the instances take beyond the shared test ones. */
  env: Record<string, string>;
  race(ledger: Ledger, instanceEnv: Record<string, string>): Promise<void>;
}

export function describeRaceOnBothLedgers(suite: RaceSuite): void {
  const instanceEnv = (databaseUrl: string, schema?: string): Record<string, string> => ({
    DATABASE_URL: databaseUrl,
    ...(schema ? { LEDGER_SCHEMA: schema } : {}),
    ...baseTestEnv(suite.keys),
    LOG_LEVEL: 'warn',
    ...suite.env,
  });

  describe(`${suite.subject}, one SQLite file`, () => {
    const dir = mkdtempSync(join(tmpdir(), `${suite.name.replace(/_/g, '-')}-`));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    it(suite.should, async () => {
      const url = `sqlite:${join(dir, 'race.db')}`;
      const ledger = await openLedger(url);
      try {
        await suite.race(ledger, instanceEnv(url));
      } finally {
        await ledger.close();
      }
    }, 60_000);
  });

  announceSkip(`${suite.subject}, one PostgreSQL database`);

  describe.skipIf(!TEST_DATABASE_URL)(`${suite.subject}, one PostgreSQL database`, () => {
    const url = TEST_DATABASE_URL ?? '';
    it(suite.should, async () => {
      const schema = await createSchema(url, suite.name);
      const ledger = await openLedger(url, { schema });
      try {
        await suite.race(ledger, instanceEnv(url, schema));
      } finally {
        await ledger.close();
        await dropSchema(url, schema);
      }
    }, 60_000);
  });
}
