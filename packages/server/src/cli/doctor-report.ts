/** One line of the doctor's report: OK, something to fix, or a note. */
export type CheckStatus = 'ok' | 'fix' | 'note';

export interface Check {
  status: CheckStatus;
  item: string;
  detail: string;
}

export interface DoctorReport {
  checks: Check[];
  checklist: string[];
}

const MARK: Record<CheckStatus, string> = { ok: 'OK  ', fix: 'FIX ', note: 'NOTE' };

export function formatDoctor(report: DoctorReport): string {
  const lines = ['lianlian-checkout doctor', ''];
  for (const c of report.checks) lines.push(`${MARK[c.status]}  ${c.item}: ${c.detail}`);
  const fixes = report.checks.filter((c) => c.status === 'fix').length;
  lines.push('', fixes === 0 ? 'Everything checked is in order.' : `${fixes} item(s) to fix.`);
  if (report.checklist.length > 0) lines.push('', 'Go-live checklist (docs/go-live.md):', ...report.checklist);
  return `${lines.join('\n')}\n`;
}
