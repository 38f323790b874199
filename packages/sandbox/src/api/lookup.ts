import { invalidParam, refuse, RET } from '../lianlian/codes.js';
import { parseBeijingStamp } from '../lianlian/time.js';
import { Store, type Order, type Refund } from '../store.js';

/**
 * How the server APIs name a payment or a refund (spec §6): by LianLian's own number, or by the
 * merchant's number together with the time the merchant gave it.
 */
interface Naming<T> {
  readonly what: string;
  /** LianLian's number: `oid_paybill`, `oid_refundno`. */
  readonly lianlian: string;
  readonly lianlianOf: (record: T) => string;
  /** The merchant's number and its time: `no_order` + `dt_order`, `no_refund` + `dt_refund`. */
  readonly merchant: string;
  readonly time: string;
  readonly timeOf: (record: T) => string;
  /** Added to the "time is required" message. */
  readonly timeHint: string;
}

const ORDER: Naming<Order> = {
  what: 'order', lianlian: 'oid_paybill', lianlianOf: (o) => o.oidPaybill,
  merchant: 'no_order', time: 'dt_order', timeOf: (o) => o.fields.dt_order ?? '', timeHint: ' (the order time you sent to the gateway)',
};

const REFUND: Naming<Refund> = {
  what: 'refund', lianlian: 'oid_refundno', lianlianOf: (r) => r.oidRefundno,
  merchant: 'no_refund', time: 'dt_refund', timeOf: (r) => r.dtRefund, timeHint: '',
};

interface Lookup<T> {
  readonly records: ReadonlyMap<string, T>;
  readonly oidPartner: string;
  readonly f: Record<string, string>;
  readonly missing: typeof RET.NO_RECORD | typeof RET.ORIGINAL_NOT_FOUND;
}

function lookup<T extends { readonly oidPartner: string }>(naming: Naming<T>, { records, oidPartner, f, missing }: Lookup<T>): T {
  const byLianLian = f[naming.lianlian];
  const byMerchant = f[naming.merchant];
  let found: T | undefined;
  if (byLianLian) {
    found = [...records.values()].find((r) => r.oidPartner === oidPartner && naming.lianlianOf(r) === byLianLian);
  } else {
    if (!byMerchant) throw invalidParam(naming.merchant, `Give ${naming.merchant} with ${naming.time}, or ${naming.lianlian}.`);
    const time = f[naming.time];
    if (!time) throw invalidParam(naming.time, `${naming.time} is required with ${naming.merchant}${naming.timeHint}.`);
    found = records.get(Store.orderKey(oidPartner, byMerchant));
    if (found && naming.timeOf(found) !== time) found = undefined;
  }
  if (!found) throw refuse(missing, `No ${naming.what} ${byLianLian || byMerchant} for merchant ${oidPartner} in the sandbox.`);
  return found;
}

/** A payment, by `no_order` + `dt_order` or by `oid_paybill`; `missing` is the refusal when there is none. */
export function lookupOrder(store: Store, oidPartner: string, f: Record<string, string>, missing: Lookup<Order>['missing']): Order {
  return lookup(ORDER, { records: store.orders, oidPartner, f, missing });
}

/** A refund, by `no_refund` + `dt_refund` or by `oid_refundno`. */
export function lookupRefund(store: Store, oidPartner: string, f: Record<string, string>): Refund {
  return lookup(REFUND, { records: store.refunds, oidPartner, f, missing: RET.NO_RECORD });
}

export function requireStamp(f: Record<string, string>, name: string): string {
  const value = f[name];
  if (!value || !parseBeijingStamp(value)) throw invalidParam(name, `${name} must be yyyyMMddHHmmss in Beijing time.`);
  return value;
}
