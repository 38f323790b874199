import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SandboxConfigError } from './errors.js';
import { GATEWAYS, PRODUCTS } from './lianlian/products.js';
import { exportPublicKey } from './crypto/keys.js';
import type { Merchant, MerchantInput } from './merchants.js';
import type { PendingNotification } from './callbacks/job.js';
import type { Order, Refund } from './store.js';

/**
 * The sandbox's state across restarts (`SANDBOX_DATA_FILE`): merchants, orders, refunds and the
 * notification schedules still running, one JSON row each, written through on every change and read
 * back at start. A restart then keeps pending orders, so a merchant's reconciler can still query
 * them, and resumes LianLian's resends where they stood. Request and notification logs, faults and
 * settings stay in memory: they describe one run.
 */
export class SandboxDb {
  private readonly db: Database.Database;
  private readonly putMerchant: Database.Statement<[string, string]>;
  private readonly putOrder: Database.Statement<[string, string]>;
  private readonly putRefund: Database.Statement<[string, string]>;
  private readonly putSeq: Database.Statement<[number]>;
  private readonly putPending: Database.Statement<[string, string]>;
  private readonly deletePending: Database.Statement<[string]>;

  private constructor(readonly file: string) {
    try {
      mkdirSync(dirname(file), { recursive: true });
      this.db = new Database(file);
    } catch (cause) {
      throw new SandboxConfigError('data_file_invalid', `SANDBOX_DATA_FILE: cannot open ${file} as a SQLite file (${(cause as Error).message}).`, { cause });
    }
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS merchants (oid_partner TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS orders (key TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS refunds (key TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS pending_notifications (schedule TEXT PRIMARY KEY, data TEXT NOT NULL);
    `);
    this.putMerchant = this.db.prepare('INSERT INTO merchants (oid_partner, data) VALUES (?, ?) ON CONFLICT (oid_partner) DO UPDATE SET data = excluded.data');
    this.putOrder = this.db.prepare('INSERT INTO orders (key, data) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET data = excluded.data');
    this.putRefund = this.db.prepare('INSERT INTO refunds (key, data) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET data = excluded.data');
    this.putPending = this.db.prepare('INSERT INTO pending_notifications (schedule, data) VALUES (?, ?) ON CONFLICT (schedule) DO UPDATE SET data = excluded.data');
    this.deletePending = this.db.prepare('DELETE FROM pending_notifications WHERE schedule = ?');
    this.putSeq = this.db.prepare("INSERT INTO meta (name, value) VALUES ('seq', ?) ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)");
  }

  static open(file: string): SandboxDb {
    return new SandboxDb(file);
  }

  /** The merchants as `parseMerchant` input, MD5 key included (the file is the sandbox's own). */
  loadMerchants(): MerchantInput[] {
    return this.rows('merchants').map((data) => JSON.parse(data) as MerchantInput);
  }

  loadOrders(): Order[] {
    return this.rows('orders').map(reviveOrder);
  }

  loadRefunds(): Refund[] {
    return this.rows('refunds').map((data) => JSON.parse(data) as Refund);
  }

  /** The last sequence number handed out, so ids such as `oid_paybill` are not reused after a restart. */
  loadSeq(): number {
    const row = this.db.prepare("SELECT value FROM meta WHERE name = 'seq'").get() as { value: number } | undefined;
    return row?.value ?? 0;
  }

  saveMerchant(m: Merchant): void {
    this.putMerchant.run(m.oidPartner, JSON.stringify(merchantInput(m)));
  }

  /** Replaces the stored merchants with `list` (reset to the start-up merchants). */
  replaceMerchants(list: readonly Merchant[]): void {
    this.db.transaction(() => {
      this.db.exec('DELETE FROM merchants');
      for (const m of list) this.saveMerchant(m);
    })();
  }

  saveOrder(key: string, order: Order, seq: number): void {
    this.db.transaction(() => {
      this.putOrder.run(key, JSON.stringify({ ...order, gateway: order.gateway.path }));
      this.putSeq.run(seq);
    })();
  }

  saveRefund(key: string, refund: Refund, seq: number): void {
    this.db.transaction(() => {
      this.putRefund.run(key, JSON.stringify(refund));
      this.putSeq.run(seq);
    })();
  }

  loadPendingNotifications(): PendingNotification[] {
    return this.rows('pending_notifications').map((data) => JSON.parse(data) as PendingNotification);
  }

  savePendingNotification(schedule: string, pending: PendingNotification): void {
    this.putPending.run(schedule, JSON.stringify(pending));
  }

  deletePendingNotification(schedule: string): void {
    this.deletePending.run(schedule);
  }

  /** Orders, refunds and their notifications go; merchants and the sequence stay (`POST /__sandbox/reset`). */
  clearPayments(): void {
    this.db.exec('DELETE FROM orders; DELETE FROM refunds; DELETE FROM pending_notifications;');
  }

  /** Everything goes (`DELETE /__sandbox/data`). */
  wipe(): void {
    this.db.exec('DELETE FROM merchants; DELETE FROM orders; DELETE FROM refunds; DELETE FROM pending_notifications; DELETE FROM meta;');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private rows(table: 'merchants' | 'orders' | 'refunds' | 'pending_notifications'): string[] {
    return (this.db.prepare(`SELECT data FROM ${table} ORDER BY rowid`).all() as { data: string }[]).map((r) => r.data);
  }
}

function merchantInput(m: Merchant): MerchantInput {
  return {
    oid_partner: m.oidPartner,
    public_key: exportPublicKey(m.publicKey).pem,
    ...(m.md5Key === undefined ? {} : { md5_key: m.md5Key }),
    products: [...m.products],
    domains: [...m.domains],
    live: Object.fromEntries(PRODUCTS.filter((p) => m.live.has(p)).map((p) => [p, true])),
  };
}

function reviveOrder(data: string): Order {
  const o = JSON.parse(data) as Record<string, unknown>;
  const gateway = GATEWAYS.find((g) => g.path === o.gateway);
  if (!gateway) throw new SandboxConfigError('data_file_invalid', `SANDBOX_DATA_FILE: stored order ${String(o.noOrder)} names an unknown gateway ${String(o.gateway)}.`);
  const date = (v: unknown): Date | undefined => (typeof v === 'string' ? new Date(v) : undefined);
  return {
    ...(o as unknown as Order),
    gateway,
    createdAt: date(o.createdAt) ?? new Date(0),
    expiresAt: date(o.expiresAt) ?? new Date(0),
    paidAt: date(o.paidAt),
  };
}
