import { ERROR_CODES, type ErrorCode } from '@lianlian-checkout/protocol/error-codes';
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGE_CODES, type KnownErrorCode } from './types.js';

/** Codes the elements raise themselves, in the browser; all others come from the signing server. */
const BROWSER_CODES = ['network_error', 'timeout', 'gateway_not_allowed', 'invalid_response', 'invalid_config'] as const;
type BrowserErrorCode = (typeof BROWSER_CODES)[number];

type Assert<T extends true> = T;
/**
 * Compile-time: every server code in `KnownErrorCode` is one the server's registry has (a type-only
 * import, so the built elements carry none of it). A renamed or mistyped code fails `typecheck`.
 */
export type ServerCodesAreRegistered = Assert<[Exclude<KnownErrorCode, BrowserErrorCode>] extends [ErrorCode] ? true : false>;

describe("the widget's error codes", () => {
  it('maps only known codes to messages: the server registry’s and the browser’s own', () => {
    const mapped = Object.values(ERROR_MESSAGE_CODES).flatMap((codes) => codes.split(' '));
    const strays = mapped.filter((code) => !Object.hasOwn(ERROR_CODES, code) && !(BROWSER_CODES as readonly string[]).includes(code));
    expect(strays).toEqual([]);
  });
});
