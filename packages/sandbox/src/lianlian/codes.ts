import { LianLianRefusal } from '../errors.js';

/**
 * LianLian's `ret_code`s the sandbox answers with (spec §7). `ret_msg` is always Chinese, as
 * LianLian's is; the English line is for the sandbox's own pages and docs.
 */
export const RET = {
  OK: { code: '0000', msg: '交易成功', en: 'success' },
  BAD_SIGNATURE: { code: '1001', msg: '商户请求签名未通过', en: 'bad signature' },
  DUPLICATE_ORDER: { code: '1002', msg: '商户订单号重复', en: 'duplicate no_order with different content' },
  INVALID_PARAM: { code: '1004', msg: '商户请求参数校验错误', en: 'parameter check failed' },
  PAY_FAILED: { code: '1005', msg: '支付失败', en: 'payment failed' },
  SOURCE_NOT_ALLOWED: { code: '1008', msg: '商户请求来源不合法', en: 'request source not allowed' },
  UNPARSEABLE: { code: '1012', msg: '请求报文解析失败', en: 'cannot parse request' },
  DAILY_LIMIT: { code: '1014', msg: '超过单日交易限额', en: 'daily amount limit exceeded' },
  SINGLE_LIMIT: { code: '1019', msg: '超过单笔交易限额', en: 'single-payment limit exceeded' },
  BANK_UNSUPPORTED: { code: '1200', msg: '不支持该银行', en: 'bank not supported' },
  ORDER_CLOSED: { code: '2006', msg: '订单已过期或已关闭', en: 'order expired or closed' },
  ORDER_PAID: { code: '2007', msg: '订单已支付', en: 'order already paid' },
  UNKNOWN_MERCHANT: { code: '3001', msg: '非法的商户', en: 'invalid merchant' },
  NO_PRODUCT_ACCESS: { code: '3010', msg: '商户无此支付产品权限', en: 'no proper product access' },
  ORIGINAL_NOT_FOUND: { code: '5002', msg: '原交易不存在', en: 'original transaction not found' },
  REFUND_AMOUNT_WRONG: { code: '5003', msg: '退款金额错误', en: 'refund amount wrong' },
  REFUND_EXCEEDS: { code: '5007', msg: '累计退款金额大于原交易金额', en: 'cumulative refund exceeds the original' },
  ORIGINAL_NOT_SUCCESS: { code: '5008', msg: '原交易未成功', en: 'original transaction not successful' },
  AMOUNT_INCORRECT: { code: '7017', msg: '金额不正确', en: 'incorrect amount' },
  NO_RECORD: { code: '8901', msg: '没有记录', en: 'no record' },
  MONTHLY_LIMIT: { code: '9911', msg: '超过允许的交易额度', en: 'amount above the allowed (monthly) quota' },
} as const;

export type RetEntry = (typeof RET)[keyof typeof RET];

/** A refusal whose `ret_msg` is LianLian's; `detail` tells a developer what to fix. */
export function refuse(entry: RetEntry, detail: string): LianLianRefusal {
  return new LianLianRefusal(entry.code, entry.msg, detail);
}

/** 1004 names the field in brackets, as LianLian does (spec §7). */
export function invalidParam(field: string, detail: string): LianLianRefusal {
  return new LianLianRefusal(RET.INVALID_PARAM.code, `${RET.INVALID_PARAM.msg}[${field}]`, detail, field);
}
