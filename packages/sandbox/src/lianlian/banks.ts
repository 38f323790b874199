/** Online-banking bank codes (spec §7, from LianLian's support sheets). The first is preselected. */
export interface Bank {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

export const BANKS: readonly Bank[] = [
  { code: '01020000', zh: '中国工商银行', en: 'ICBC' },
  { code: '01030000', zh: '中国农业银行', en: 'Agricultural Bank of China' },
  { code: '01040000', zh: '中国银行', en: 'Bank of China' },
  { code: '01050000', zh: '中国建设银行', en: 'China Construction Bank' },
  { code: '03080000', zh: '招商银行', en: 'China Merchants Bank' },
  { code: '03100000', zh: '上海浦东发展银行', en: 'SPD Bank' },
  { code: '03010000', zh: '交通银行', en: 'Bank of Communications' },
  { code: '03020000', zh: '中信银行', en: 'China CITIC Bank' },
  { code: '03030000', zh: '中国光大银行', en: 'China Everbright Bank' },
  { code: '03040000', zh: '华夏银行', en: 'Hua Xia Bank' },
  { code: '03050000', zh: '中国民生银行', en: 'China Minsheng Bank' },
  { code: '03060000', zh: '广发银行', en: 'China Guangfa Bank' },
  { code: '03070000', zh: '平安银行', en: 'Ping An Bank' },
  { code: '03200000', zh: '东亚银行', en: 'Bank of East Asia' },
  { code: '04031000', zh: '北京银行', en: 'Bank of Beijing' },
  { code: '01000000', zh: '中国邮政储蓄银行', en: 'Postal Savings Bank of China' },
];

export function findBank(code: string): Bank | undefined {
  return BANKS.find((b) => b.code === code);
}
