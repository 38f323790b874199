import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { announceSkip, createSchema, dropSchema, dumpSchema, TEST_DATABASE_URL } from './postgres.js';

export type DatabaseKind = 'sqlite' | 'postgres';

/** One empty database for a test: its DATABASE_URL and, on PostgreSQL, the schema to use. */
export interface TestDatabase {
  readonly url: string;
  readonly schema: string | undefined;
  /** Every byte stored: the SQLite file and its WAL, or the schema's rows as PostgreSQL's text. */
  rawBytes(): Promise<Buffer>;
}

export interface EachDatabase {
  readonly kind: DatabaseKind;
  /** A new empty database (a SQLite file, or a PostgreSQL schema), removed after the suite. */
  fresh(prefix?: string): Promise<TestDatabase>;
}

/**
 * Declares the same suite once per database: SQLite always, PostgreSQL when TEST_DATABASE_URL is
 * set (otherwise its tests are reported as skipped, and the run says why).
 */
export function describeOnEachDatabase(name: string, suite: (db: EachDatabase) => void): void {
  announceSkip(`${name} (postgres)`);
  for (const kind of ['sqlite', 'postgres'] as const) {
    describe.skipIf(kind === 'postgres' && !TEST_DATABASE_URL)(`${name} (${kind})`, () => {
      const cleanup: (() => Promise<void> | void)[] = [];
      afterAll(async () => {
        for (const step of cleanup.splice(0)) await step();
      });
      suite({ kind, fresh: (prefix) => freshDatabase(kind, prefix ?? 'db_test', cleanup) });
    });
  }
}

async function freshDatabase(kind: DatabaseKind, prefix: string, cleanup: (() => Promise<void> | void)[]): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `llc-${prefix}-`));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'ledger.db');
    const rawBytes = (): Promise<Buffer> => Promise.resolve(Buffer.concat([path, `${path}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f))));
    return { url: `sqlite:${path}`, schema: undefined, rawBytes };
  }
  const url = TEST_DATABASE_URL ?? '';
  const schema = await createSchema(url, prefix);
  cleanup.push(() => dropSchema(url, schema));
  return { url, schema, rawBytes: () => dumpSchema(url, schema) };
}
