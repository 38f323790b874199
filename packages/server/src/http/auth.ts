import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Config } from '../config/types.js';
import { UnauthorizedError } from '../errors.js';

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Requires `Authorization: Bearer <SHOP_API_KEY>` on the shop API. Both sides are hashed to equal
 * length first, so `timingSafeEqual` compares in constant time and the key's length does not leak.
 */
export function requireShopKey(config: Pick<Config, 'shopApiKey'>): RequestHandler {
  const expected = digest(config.shopApiKey);
  return (req, _res, next) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      next(new UnauthorizedError());
      return;
    }
    next();
  };
}
