import { invalidParam, refuse, RET } from '../lianlian/codes.js';
import { parseBeijingStamp } from '../lianlian/time.js';
import { Store, type Order, type Refund } from '../store.js';

/** Server APIs name a payment by `no_order` + `dt_order`, or by LianLian's `oid_paybill` (spec §6). */
export function lookupOrder(store: Store, oidPartner: string, f: Record<string, string>, missing: typeof RET.NO_RECORD | typeof RET.ORIGINAL_NOT_FOUND): Order {
  let order: Order | undefined;
  if (f.oid_paybill) {
    order = [...store.orders.values()].find((o) => o.oidPartner === oidPartner && o.oidPaybill === f.oid_paybill);
  } else {
    if (!f.no_order) throw invalidParam('no_order', 'Give no_order with dt_order, or oid_paybill.');
    if (!f.dt_order) throw invalidParam('dt_order', 'dt_order is required with no_order (the order time you sent to the gateway).');
    order = store.orders.get(Store.orderKey(oidPartner, f.no_order));
    if (order && order.fields.dt_order !== f.dt_order) order = undefined;
  }
  if (!order) throw refuse(missing, `No order ${f.oid_paybill ?? f.no_order} for merchant ${oidPartner} in the sandbox.`);
  return order;
}

export function lookupRefund(store: Store, oidPartner: string, f: Record<string, string>): Refund {
  let refund: Refund | undefined;
  if (f.oid_refundno) {
    refund = [...store.refunds.values()].find((r) => r.oidPartner === oidPartner && r.oidRefundno === f.oid_refundno);
  } else {
    if (!f.no_refund) throw invalidParam('no_refund', 'Give no_refund with dt_refund, or oid_refundno.');
    if (!f.dt_refund) throw invalidParam('dt_refund', 'dt_refund is required with no_refund.');
    refund = store.refunds.get(Store.orderKey(oidPartner, f.no_refund));
    if (refund && refund.dtRefund !== f.dt_refund) refund = undefined;
  }
  if (!refund) throw refuse(RET.NO_RECORD, `No refund ${f.oid_refundno ?? f.no_refund} for merchant ${oidPartner} in the sandbox.`);
  return refund;
}

export function requireStamp(f: Record<string, string>, name: string): string {
  const value = f[name];
  if (!value || !parseBeijingStamp(value)) throw invalidParam(name, `${name} must be yyyyMMddHHmmss in Beijing time.`);
  return value;
}
