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

/** Every row of every table in `schema`, as PostgreSQL's own text form (to search for plaintext). */
export async function dumpSchema(url: string, schema: string): Promise<Buffer> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
    const text: string[] = [];
    for (const t of tables.rows) text.push(...(await client.query<{ row: string }>(`SELECT t::text AS row FROM ${t.table_name} t`)).rows.map((r) => r.row));
    return Buffer.from(text.join('\n'), 'utf8');
  } finally {
    await client.end();
  }
}
