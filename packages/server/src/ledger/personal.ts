import { maskCardNo, PLAIN_FIELDS, RISK_ITEM_PERSONAL_KEYS, SECRET_FIELDS } from '@lianlian-checkout/protocol';
import type { Vault } from './vault.js';

/**
 * What the ledger seals (docs/ledger.md "Personal data at rest"), as JSON text in and out of the
 * database. Context strings name the table, column and row, so a sealed value only opens where it
 * was written.
 */

/** Fields of shop-supplied records (product extras, event data) that carry buyer data. */
export const PERSONAL_FIELDS: ReadonlySet<string> = new Set([
  ...SECRET_FIELDS.filter((f) => f !== 'sign'),
  ...RISK_ITEM_PERSONAL_KEYS,
]);

type Data = Record<string, unknown>;

function sealWhere(vault: Vault, record: Data, context: string, personal: (key: string) => boolean): Data {
  if (!vault.current) return record;
  let out: Data | undefined;
  for (const [key, value] of Object.entries(record)) {
    if (typeof value !== 'string' || value === '' || !personal(key)) continue;
    out ??= { ...record };
    out[key] = vault.seal(value, `${context}.${key}`);
  }
  return out ?? record;
}

/** The record's personal fields sealed (product extras, event data); everything else as it is. */
export function sealPersonal(vault: Vault, record: Data, context: string): Data {
  return sealWhere(vault, record, context, (key) => PERSONAL_FIELDS.has(key));
}

/**
 * A callback's fields as stored: `card_no` cut to its last four digits (the kit never needs more),
 * fields LianLian documents as non-personal in clear for audit, every other field sealed.
 */
export function sealCallbackFields(vault: Vault, fields: Readonly<Record<string, string>>, context: string): Data {
  const kept: Data = { ...fields };
  if (typeof fields.card_no === 'string') kept.card_no = maskCardNo(fields.card_no);
  return sealWhere(vault, kept, context, (key) => key !== 'card_no' && !PLAIN_FIELDS.has(key));
}

/** Opens every sealed string at the top level of a stored record. */
export function openRecord(vault: Vault, record: Data, context: string): Data {
  let out: Data | undefined;
  for (const [key, value] of Object.entries(record)) {
    if (typeof value !== 'string') continue;
    const opened = vault.open(value, `${context}.${key}`);
    if (opened === value) continue;
    out ??= { ...record };
    out[key] = opened;
  }
  return out ?? record;
}

/** Contexts: one per table and column, with the row's identity. */
export const contexts = {
  riskItem: (noOrder: string) => `orders.risk_item|${noOrder}`,
  extra: (noOrder: string) => `orders.extra|${noOrder}`,
  event: (noOrder: string) => `order_events.data|${noOrder}`,
  callback: (row: { kind: string; noOrder: string; ref: string }) => `notifications.fields|${row.kind}|${row.noOrder}|${row.ref}`,
};
