import { findBank } from '../lianlian/banks.js';
import { invalidParam, refuse, RET } from '../lianlian/codes.js';
import { parseAmountInRange } from '../lianlian/money.js';
import { COMMON_REQUIRED, type Gateway } from '../lianlian/products.js';
import { parseBeijingStamp } from '../lianlian/time.js';

/** Field lengths from the gateway tables (spec §3.1–§3.4). */
const MAX_LENGTH: Record<string, number> = {
  user_id: 32, no_order: 32, name_goods: 40, info_order: 255, money_order: 12, notify_url: 128,
  url_return: 128, userreq_ip: 32, url_order: 255, back_url: 128, no_agree: 32, platform: 32, shareing_data: 1024,
};
const BUSI_PARTNERS = ['101001', '109001', '108001'];
/** The default order lifetime: 7 days in minutes (spec §3.1 `valid_order`). */
const DEFAULT_VALID_MINUTES = 10_080;

export interface CheckedFields {
  readonly amountFen: number;
  readonly dtOrder: Date;
  /** Absent only where the gateway does not require it (the H5 quick-pay cashier). */
  readonly timestamp: Date | undefined;
  readonly validMinutes: number;
  /** What the merchant asked for, if anything. */
  readonly requestedPayType: string | undefined;
  /** The requested `pay_type`, else the gateway's default. */
  readonly payType: string;
  readonly bankCode: string | undefined;
}

function checkUrl(fields: Record<string, string>, name: string): void {
  const value = fields[name];
  if (value === undefined || value === '') return;
  let ok: boolean;
  try {
    const u = new URL(value);
    ok = u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    ok = false;
  }
  if (!ok) throw invalidParam(name, `${name} must be a full http(s) URL, got "${value.slice(0, 40)}".`);
}

function checkShape(gateway: Gateway, f: Record<string, string>): void {
  for (const name of [...COMMON_REQUIRED, ...gateway.required, ...(gateway.timestampRequired ? ['timestamp'] : [])]) {
    if (f[name] === undefined || f[name] === '') throw invalidParam(name, `${name} is required by ${gateway.path}.`);
  }
  for (const [name, max] of Object.entries(MAX_LENGTH)) {
    if ((f[name]?.length ?? 0) > max) throw invalidParam(name, `${name} is longer than ${max} characters.`);
  }
  if (!gateway.versions.includes(f.version)) throw invalidParam('version', `version must be ${gateway.versions.join(' or ')} on ${gateway.path}.`);
  if (!BUSI_PARTNERS.includes(f.busi_partner)) throw invalidParam('busi_partner', 'busi_partner must be 101001 (virtual goods) or 109001 (physical goods).');
  if (f.userreq_ip?.includes('.')) throw invalidParam('userreq_ip', 'userreq_ip writes the IP with "_" instead of "." (122_11_37_211).');
  if (gateway.reqData && !['1', '2', '3'].includes(f.app_request)) throw invalidParam('app_request', 'app_request must be 1 (Android), 2 (iOS) or 3 (H5).');
  checkUrl(f, 'notify_url');
  checkUrl(f, 'url_return');
  let risk: unknown;
  try {
    risk = JSON.parse(f.risk_item);
  } catch {
    risk = undefined;
  }
  if (typeof risk !== 'object' || risk === null || Array.isArray(risk)) {
    throw invalidParam('risk_item', 'risk_item must be a JSON object sent as a string, e.g. {"frms_ware_category":"1009",…} (spec §3.6).');
  }
}

function checkStamp(f: Record<string, string>, name: 'dt_order' | 'timestamp'): Date {
  const at = parseBeijingStamp(f[name]);
  if (!at) throw invalidParam(name, `${name} "${f[name].slice(0, 20)}" is not yyyyMMddHHmmss in Beijing time.`);
  return at;
}

/** LianLian reports the first broken field as a 1004 naming it (spec §7). */
export function checkFields(gateway: Gateway, f: Record<string, string>): CheckedFields {
  checkShape(gateway, f);
  const dtOrder = checkStamp(f, 'dt_order');
  const timestamp = f.timestamp === undefined || f.timestamp === '' ? undefined : checkStamp(f, 'timestamp');
  const valid = f.valid_order ?? '';
  if (valid !== '' && !/^[1-9]\d{0,6}$/.test(valid)) throw invalidParam('valid_order', 'valid_order is a whole number of minutes.');
  const payType = f.pay_type ?? '';
  if (payType === '' && gateway.payTypeRequired) throw invalidParam('pay_type', `pay_type is required on ${gateway.path}: ${gateway.payTypes.join('/')}.`);
  if (payType !== '' && !gateway.payTypes.includes(payType)) throw invalidParam('pay_type', `pay_type must be one of ${gateway.payTypes.join(', ')} on ${gateway.path}.`);
  const bankCode = f.bank_code ?? '';
  if (bankCode !== '' && !/^\d{8}$/.test(bankCode)) throw invalidParam('bank_code', 'bank_code is an 8-digit LianLian bank code such as 01020000.');
  if (bankCode !== '' && !findBank(bankCode)) throw refuse(RET.BANK_UNSUPPORTED, `bank_code ${bankCode} is not a supported online-banking bank.`);
  return {
    amountFen: parseAmountInRange(f.money_order, 'money_order'),
    dtOrder, timestamp,
    validMinutes: valid === '' ? DEFAULT_VALID_MINUTES : Number(valid),
    requestedPayType: payType === '' ? undefined : payType,
    payType: payType === '' ? gateway.defaultPayType : payType,
    bankCode: bankCode === '' ? undefined : bankCode,
  };
}
