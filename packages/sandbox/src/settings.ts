import { SandboxError } from './errors.js';
import { AMOUNT_FORMATS, type AmountFormat } from './lianlian/money.js';

/** Behaviour a test may switch at run time with `POST /__sandbox/settings`; reset restores the start-up values. */
export interface SandboxSettings {
  /** How amounts are written in notifications, returns and query/refund answers (docs/sandbox.md). */
  amountFormat: AmountFormat;
}

export const DEFAULT_SETTINGS: Readonly<SandboxSettings> = Object.freeze({ amountFormat: 'java' });

export function isAmountFormat(value: unknown): value is AmountFormat {
  return typeof value === 'string' && (AMOUNT_FORMATS as readonly string[]).includes(value);
}

/** Parses a control-API body such as `{ "amount_format": "echo" }`; unknown keys are refused. */
export function parseSettingsChange(input: unknown): Partial<SandboxSettings> {
  const invalid = (msg: string): SandboxError => new SandboxError('settings_invalid', msg, { status: 400 });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid('Send a JSON object such as {"amount_format":"echo"}.');
  const o = input as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => k !== 'amount_format');
  if (unknown.length > 0) throw invalid(`Unknown setting(s) ${unknown.map((k) => `"${k.slice(0, 30)}"`).join(', ')}; the settings are: amount_format.`);
  if (o.amount_format === undefined) return {};
  if (!isAmountFormat(o.amount_format)) {
    throw invalid(`amount_format must be "java" (LianLian's Double.toString style: 0.1, 1000.0) or "echo" (the merchant's own string, e.g. 0.10).`);
  }
  return { amountFormat: o.amount_format };
}

export function describeSettings(s: Readonly<SandboxSettings>): Record<string, unknown> {
  return { amount_format: s.amountFormat };
}
