import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL test schemas: one per test run, dropped afterwards. Tests run only when
 * TEST_DATABASE_URL is set (CI sets it); otherwise they are skipped and say so.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export function announceSkip(suite: string): void {
  if (!TEST_DATABASE_URL) {
    console.warn(`[${suite}] SKIPPED: set TEST_DATABASE_URL=postgres://… to run the PostgreSQL tests.`);
  }
}

export async function createSchema(url: string, prefix = 'ledger_test'): Promise<string> {
  const schema = `${prefix}_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  return schema;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
