/**
 * Easy Pay test cards. LianLian has no test cards for these APIs (spec §1: its "test merchant" is
 * a production account), so these numbers are the sandbox's own; docs/sandbox.md lists them.
 */
export type CardOutcome = 'success' | 'insufficient_funds' | 'declined' | 'expired';

export interface TestCard {
  readonly card_no: string;
  readonly card_type: 'debit' | 'credit';
  readonly outcome: CardOutcome;
  /** What LianLian answers for this card: `0000`, or 1005 with the bank's reason. */
  readonly ret_code: string;
  readonly ret_msg: string;
}

export const TEST_CARDS = {
  success: { card_no: '6222020000000000018', card_type: 'debit', outcome: 'success', ret_code: '0000', ret_msg: '支付成功' },
  credit_success: { card_no: '6225880000000000026', card_type: 'credit', outcome: 'success', ret_code: '0000', ret_msg: '支付成功' },
  insufficient_funds: { card_no: '6222020000000000034', card_type: 'debit', outcome: 'insufficient_funds', ret_code: '1005', ret_msg: '支付失败:余额不足' },
  declined: { card_no: '6222020000000000042', card_type: 'debit', outcome: 'declined', ret_code: '1005', ret_msg: '支付失败:银行拒绝交易' },
  expired: { card_no: '6225880000000000059', card_type: 'credit', outcome: 'expired', ret_code: '1005', ret_msg: '支付失败:卡片已过期' },
} as const satisfies Record<string, TestCard>;

export function findTestCard(cardNo: string): TestCard | undefined {
  const digits = cardNo.replace(/\s+/g, '');
  return Object.values(TEST_CARDS).find((c) => c.card_no === digits);
}

/** `622202******0018`: how a card number may appear in logs and the control API. */
export function maskCard(cardNo: string): string {
  const d = cardNo.replace(/\s+/g, '');
  return d.length < 10 ? '****' : `${d.slice(0, 6)}${'*'.repeat(d.length - 10)}${d.slice(-4)}`;
}
