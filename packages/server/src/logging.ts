import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Field names that must never reach a log: signatures, keys and secrets, the bearer header,
 * checkout tokens, and the card and identity fields LianLian's pre-fill and MPAY messages carry.
 */
export const SENSITIVE_FIELDS = [
  'sign', 'req_data', 'privateKey', 'private_key', 'md5Key', 'md5_key', 'passphrase', 'secret',
  'shopApiKey', 'shopWebhookSecret', 'authorization', 'cookie', 'checkout_token', 'token',
  'card_no', 'id_no', 'acct_name', 'user_info_id_no', 'user_info_full_name', 'user_info_bind_phone',
] as const;

/** Redaction paths at the top level and up to three levels deep (pino's wildcards match one level each). */
export const REDACT_PATHS: string[] = SENSITIVE_FIELDS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]);

export interface LoggerOptions {
  level: string;
  /** Where JSON lines go; stdout by default. Tests pass a stream to capture them. */
  destination?: DestinationStream;
}

/** The server's structured JSON logger, redacting `SENSITIVE_FIELDS` wherever they appear. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'lianlian-checkout' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination(1),
  );
}
