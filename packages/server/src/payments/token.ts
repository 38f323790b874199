import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Checkout tokens: 256 random bits, bound to one order, stored only as a SHA-256 hash. The widget
 * holds the token; whoever has it can ask for the signed form of that one order, nothing else.
 */
const PREFIX = 'ct_';
const TOKEN = /^ct_[A-Za-z0-9_-]{43}$/;

export function newCheckoutToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/**
 * The token for an order created with an `Idempotency-Key`: derived, so a replayed response can
 * carry the same token without the token ever being stored. Keyed with the shop API key, which
 * only the shop and this server know.
 */
export function deriveCheckoutToken(secret: string, idempotencyKey: string, requestHash: string): string {
  const mac = createHmac('sha256', secret).update(`checkout-token\0${idempotencyKey}\0${requestHash}`, 'utf8');
  return PREFIX + mac.digest('base64url');
}

export function hashCheckoutToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function isCheckoutToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}
