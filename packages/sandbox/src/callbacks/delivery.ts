import { findFault, type Fault } from '../faults.js';
import type { NotifyJob } from './job.js';

/**
 * The signed body of one delivery, with the body faults applied: a tampered amount is re-signed
 * (so only the merchant's amount check catches it); a bad signature keeps the real fields.
 */
export function tamper(job: NotifyJob): Record<string, string> {
  const fields = { ...job.fields };
  if (findFault(job.faults, 'tampered_amount') && fields.money_order !== undefined && job.tamperedAmount !== undefined) {
    fields.money_order = job.tamperedAmount;
  }
  const signed = job.sign(fields);
  if (findFault(job.faults, 'bad_signature') && signed.sign !== undefined) {
    signed.sign = corrupt(signed.sign);
  }
  return signed;
}

/** Changes one character so the signature keeps its format but no longer matches. */
function corrupt(sign: string): string {
  const i = Math.floor(sign.length / 2);
  const c = sign[i] === 'A' ? 'B' : 'A';
  return sign.slice(0, i) + c + sign.slice(i + 1);
}

/** LianLian posts raw JSON as `text/json` (spec §5); the content_type fault changes it. */
export function encodeBody(fields: Record<string, string>, faults: readonly Fault[]): { body: string; contentType: string } {
  const override = findFault(faults, 'content_type')?.content_type;
  if (override === 'form') {
    return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded;charset=utf-8' };
  }
  return { body: JSON.stringify(fields), contentType: override === 'application/json' ? 'application/json;charset=utf-8' : 'text/json;charset=utf-8' };
}

/**
 * Did the merchant acknowledge? LianLian looks for `ret_code` `0000` (spec §5). The official PHP
 * demos answer non-JSON `{'ret_code':'0000',…}` and evidently pass, so that form is accepted too.
 */
export function readVerdict(status: number | null, answer: string): boolean {
  if (status === null || status < 200 || status > 299) return false;
  try {
    const parsed: unknown = JSON.parse(answer);
    return typeof parsed === 'object' && parsed !== null && (parsed as Record<string, unknown>).ret_code === '0000';
  } catch {
    return /^\s*\{\s*'ret_code'\s*:\s*'0000'/.test(answer);
  }
}
