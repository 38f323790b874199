/**
 * `no_order` and `no_refund` as this server issues and accepts them: 1–32 of `A–Z a–z 0–9 _ -`
 * (LianLian's String(32), and URL-safe: both name path segments). A value outside this pattern
 * cannot name a stored order or refund, so it is answered as unknown before the ledger is asked;
 * PostgreSQL would refuse some such values (a NUL character) with an error instead.
 */
export const MERCHANT_REF = /^[A-Za-z0-9_-]{1,32}$/;

export function isMerchantRef(value: string | undefined): value is string {
  return value !== undefined && MERCHANT_REF.test(value);
}
