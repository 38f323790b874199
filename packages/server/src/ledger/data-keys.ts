import { ConfigError } from '@lianlian-checkout/protocol';
import type { Row, Sql } from './driver.js';
import { contexts, openRecord, sealCallbackFields, sealPersonal } from './personal.js';
import type { Ctx } from './tx.js';
import type { ResealReport } from './types.js';
import { sealedKeyId } from './vault.js';

/**
 * Key bookkeeping for personal data at rest. `ledger_data_keys` records each key id that sealed
 * data here with the key's fingerprint, so a server refuses to start with a key missing (its rows
 * would not open) or a different key under a known id (new rows would not open with the old key).
 * `resealPersonalData` moves every value to the current key and retires the others.
 */
export async function checkDataKeys(ctx: Ctx): Promise<void> {
  const { vault } = ctx;
  const problems = await ctx.driver.tx(async (q) => {
    const rows = await q.all('SELECT key_id, fingerprint, retired_at FROM ledger_data_keys');
    const configured = new Set(vault.keys.map((k) => k.id));
    const found: string[] = [];
    for (const key of vault.keys) {
      const row = rows.find((r) => String(r.key_id) === key.id);
      if (row && String(row.fingerprint) !== key.fingerprint) {
        found.push(`Key id "${key.id}" in LEDGER_DATA_KEY is not the key that sealed this ledger's data under that id; restore that key, and give a new key a new id.`);
      }
    }
    const missing = rows.filter((r) => r.retired_at === null && !configured.has(String(r.key_id))).map((r) => `"${String(r.key_id)}"`);
    if (missing.length > 0) {
      found.push(`Personal data here is sealed with key id ${missing.join(', ')}, which LEDGER_DATA_KEY does not contain. ` +
        'Add it back after the current key; to retire a key, run `lianlian-checkout reseal` first.');
    }
    if (found.length === 0 && vault.current) {
      await q.run('INSERT INTO ledger_data_keys (key_id, fingerprint, added_at) VALUES (?, ?, ?) ON CONFLICT (key_id) DO UPDATE SET retired_at = NULL', [
        vault.current.id, vault.current.fingerprint, ctx.now().getTime(),
      ]);
    }
    return found;
  });
  if (problems.length > 0) throw new ConfigError('ledger_data_key_mismatch', problems.join(' '));
}

type Data = Record<string, unknown>;

/** The shape of a stored record with its ciphertexts reduced to their key ids: equal shapes need no reseal. */
function shape(data: Data | string | null): string {
  if (data === null || typeof data === 'string') return `${data === null ? 'null' : (sealedKeyId(data) ?? 'clear')}`;
  return JSON.stringify(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' && sealedKeyId(v) !== undefined ? `sealed:${sealedKeyId(v) ?? ''}` : v]));
}

interface Table {
  select: (q: Sql, after: Row | undefined, limit: number) => Promise<Row[]>;
  /** The update bringing one row to the current key, or undefined when it is already there. */
  reseal: (ctx: Ctx, row: Row) => { sql: string; params: unknown[] } | undefined;
}

const parse = (v: unknown): Data => JSON.parse(String(v)) as Data;

function resealed(stored: Data, fresh: Data): string | undefined {
  return shape(stored) === shape(fresh) ? undefined : JSON.stringify(fresh);
}

const TABLES: Record<'orders' | 'callbacks' | 'events', Table> = {
  orders: {
    select: (q, after, limit) => q.all('SELECT no_order, risk_item, extra FROM orders WHERE no_order > ? ORDER BY no_order LIMIT ?', [after?.no_order ?? '', limit]),
    reseal: ({ vault }, r) => {
      const noOrder = String(r.no_order);
      const risk = r.risk_item === null ? null : (r.risk_item as string);
      const riskNow = risk !== null && sealedKeyId(risk) !== vault.current?.id ? vault.seal(vault.open(risk, contexts.riskItem(noOrder)), contexts.riskItem(noOrder)) : risk;
      const extra = parse(r.extra);
      const extraNow = resealed(extra, sealPersonal(vault, openRecord(vault, extra, contexts.extra(noOrder)), contexts.extra(noOrder)));
      if (riskNow === risk && extraNow === undefined) return undefined;
      return { sql: 'UPDATE orders SET risk_item = ?, extra = ? WHERE no_order = ?', params: [riskNow, extraNow ?? String(r.extra), noOrder] };
    },
  },
  callbacks: {
    select: (q, after, limit) => q.all(
      'SELECT kind, no_order, ref, fields FROM notifications WHERE (kind, no_order, ref) > (?, ?, ?) ORDER BY kind, no_order, ref LIMIT ?',
      [after?.kind ?? '', after?.no_order ?? '', after?.ref ?? '', limit],
    ),
    reseal: ({ vault }, r) => {
      const context = contexts.callback({ kind: String(r.kind), noOrder: String(r.no_order), ref: String(r.ref) });
      const stored = parse(r.fields);
      const opened = openRecord(vault, stored, context) as Record<string, string>;
      const fields = resealed(stored, sealCallbackFields(vault, opened, context));
      return fields === undefined ? undefined : { sql: 'UPDATE notifications SET fields = ? WHERE kind = ? AND no_order = ? AND ref = ?', params: [fields, r.kind, r.no_order, r.ref] };
    },
  },
  events: {
    select: (q, after, limit) => q.all('SELECT seq, no_order, data FROM order_events WHERE seq > ? ORDER BY seq LIMIT ?', [after?.seq ?? 0, limit]),
    reseal: ({ vault }, r) => {
      const context = contexts.event(String(r.no_order));
      const stored = parse(r.data);
      const data = resealed(stored, sealPersonal(vault, openRecord(vault, stored, context), context));
      return data === undefined ? undefined : { sql: 'UPDATE order_events SET data = ? WHERE seq = ?', params: [data, r.seq] };
    },
  },
};

async function resealTable(ctx: Ctx, table: Table, batch: number): Promise<number> {
  let after: Row | undefined;
  let changed = 0;
  for (;;) {
    const rows = await table.select(ctx.driver, after, batch);
    const updates = rows.map((r) => table.reseal(ctx, r)).filter((u) => u !== undefined);
    if (updates.length > 0) {
      await ctx.driver.tx(async (q) => {
        for (const u of updates) await q.run(u.sql, u.params);
      });
    }
    changed += updates.length;
    if (rows.length < batch) return changed;
    after = rows[rows.length - 1];
  }
}

export async function resealPersonalData(ctx: Ctx, options: { batch?: number } = {}): Promise<ResealReport> {
  const current = ctx.vault.current;
  if (!current) throw new ConfigError('ledger_data_key_missing', 'LEDGER_DATA_KEY is not set, so there is no key to seal personal data with. Set it, then run reseal again.');
  const batch = options.batch ?? 500;
  const orders = await resealTable(ctx, TABLES.orders, batch);
  const callbacks = await resealTable(ctx, TABLES.callbacks, batch);
  const events = await resealTable(ctx, TABLES.events, batch);
  const retired = await ctx.driver.tx(async (q) => {
    const ids = (await q.all('SELECT key_id FROM ledger_data_keys WHERE key_id <> ? AND retired_at IS NULL', [current.id])).map((r) => String(r.key_id));
    await q.run('UPDATE ledger_data_keys SET retired_at = ? WHERE key_id <> ? AND retired_at IS NULL', [ctx.now().getTime(), current.id]);
    return ids;
  });
  return { keyId: current.id, orders, callbacks, events, retired };
}
