import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureError } from '@lianlian-checkout/protocol';

/**
 * Shop webhooks are signed like Stripe's: header `LianLian-Checkout-Signature: t=<unix seconds>,v1=<hex>`
 * where hex = HMAC-SHA256(secret, `${t}.${raw body}`). Several `v1=` entries may appear (secret
 * rotation); any match is enough. A Node shop imports this from `@lianlian-checkout/server/webhooks`,
 * which loads neither Express nor a database driver; the scheme for other languages is in
 * docs/webhooks.md.
 */
export const WEBHOOK_SIGNATURE_HEADER = 'LianLian-Checkout-Signature';

export interface ShopWebhookEvent {
  id: string;
  type: string;
  created_at: string;
  data: { order: Record<string, unknown> };
}

export function signWebhookPayload(input: { payload: string; secret: string; timestamp: number }): string {
  const mac = createHmac('sha256', input.secret).update(`${input.timestamp}.${input.payload}`, 'utf8').digest('hex');
  return `t=${input.timestamp},v1=${mac}`;
}

export interface VerifyWebhookOptions {
  /** The raw request body exactly as received (string or bytes), never a re-serialised object. */
  payload: string | Uint8Array;
  /** The `LianLian-Checkout-Signature` header value. */
  header: string | undefined;
  secret: string;
  /** Maximum age of `t` in seconds (replay window); default 300. */
  toleranceSeconds?: number;
  /** Current time, for tests. */
  now?: () => Date;
}

/** Verifies a shop webhook and returns the parsed event; throws a `SignatureError` saying why. */
export function verifyWebhookSignature(options: VerifyWebhookOptions): ShopWebhookEvent {
  if (typeof options.payload !== 'string' && !(options.payload instanceof Uint8Array)) {
    throw new SignatureError('webhook_payload_not_raw', 'Pass the raw request body (string or Buffer), e.g. from express.raw({ type: "application/json" }); a parsed object cannot be verified.');
  }
  const payload = typeof options.payload === 'string' ? options.payload : Buffer.from(options.payload).toString('utf8');
  const { timestamp, signatures } = parseHeader(options.header);
  const tolerance = options.toleranceSeconds ?? 300;
  const nowSeconds = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    throw new SignatureError('webhook_timestamp_out_of_tolerance', `The webhook was signed at t=${timestamp}, more than ${tolerance} s from now: a replay, or this server's clock is off.`);
  }
  const expected = Buffer.from(signWebhookPayload({ payload, secret: options.secret, timestamp }).split('v1=')[1] ?? '', 'hex');
  const match = signatures.some((s) => {
    const got = Buffer.from(s, 'hex');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
  if (!match) {
    throw new SignatureError('webhook_signature_mismatch', 'No v1 signature matches: check SHOP_WEBHOOK_SECRET on both sides and that the body is verified as received (raw bytes).');
  }
  return JSON.parse(payload) as ShopWebhookEvent;
}

function parseHeader(header: string | undefined): { timestamp: number; signatures: string[] } {
  if (header === undefined || header.trim() === '') {
    throw new SignatureError('webhook_signature_missing', `The request has no ${WEBHOOK_SIGNATURE_HEADER} header, so it did not come from the signing server.`);
  }
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw new SignatureError('webhook_signature_malformed', `${WEBHOOK_SIGNATURE_HEADER} must look like "t=<unix seconds>,v1=<64 hex chars>".`);
  }
  return { timestamp, signatures };
}
