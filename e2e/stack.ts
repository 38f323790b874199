import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The e2e stack: the demo's three processes on their own ports, with a fresh data folder.
 * `E2E_PORT_OFFSET` moves all three, so two checkouts of the project can run their e2e tests at once.
 */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
if (!Number.isInteger(offset) || offset < 0 || offset > 20_000) {
  throw new Error(`E2E_PORT_OFFSET must be a whole number from 0 to 20000; got "${process.env.E2E_PORT_OFFSET ?? ''}".`);
}
export const E2E_PORTS = { shop: 3300 + offset, server: 4300 + offset, sandbox: 4400 + offset } as const;
export const E2E_DATA_DIR = 'data/e2e';

export const SHOP = `http://127.0.0.1:${E2E_PORTS.shop}`;
export const SERVER = `http://127.0.0.1:${E2E_PORTS.server}`;
export const SANDBOX = `http://127.0.0.1:${E2E_PORTS.sandbox}`;

export function shopApiKey(): string {
  const secrets = JSON.parse(readFileSync(join(E2E_DATA_DIR, 'keys', 'demo-secrets.json'), 'utf8')) as { shopApiKey: string };
  return secrets.shopApiKey;
}

export interface ServerOrder {
  no_order: string;
  status: string;
  amount: string;
  events: Array<{ type: string; at: string; data?: Record<string, unknown> }>;
}

export async function getServerOrder(noOrder: string): Promise<ServerOrder> {
  const res = await fetch(`${SERVER}/v1/orders/${encodeURIComponent(noOrder)}`, {
    headers: { authorization: `Bearer ${shopApiKey()}` },
  });
  if (!res.ok) throw new Error(`GET /v1/orders/${noOrder} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as ServerOrder;
}

export interface NotificationAttempt {
  no_order: string;
  ok: boolean;
  body?: unknown;
  /** What the sandbox delivered (sign redacted); null when nothing was sent. */
  fields?: Record<string, string> | null;
  answer?: unknown;
  [key: string]: unknown;
}

export async function sandboxNotifications(noOrder: string): Promise<NotificationAttempt[]> {
  const res = await fetch(`${SANDBOX}/__sandbox/notifications`);
  if (!res.ok) throw new Error(`sandbox notifications answered ${res.status}`);
  const body = (await res.json()) as NotificationAttempt[] | { notifications: NotificationAttempt[] };
  const list = Array.isArray(body) ? body : body.notifications;
  return list.filter((n) => n.no_order === noOrder);
}
