import type { ErrorCode } from '@lianlian-checkout/protocol';

/**
 * Errors raised while a request is read, before any handler runs: Express's router decoding a path
 * parameter, body-parser, and zlib under it. They carry an HTTP status (http-errors style) but no
 * stable code; here each becomes one. Anything else is `undefined` (the caller's concern).
 */
export interface ReadProblem {
  /** Its HTTP status is the code's (`ERROR_CODES`). */
  code: ErrorCode;
  detail: string;
}

interface ReadError {
  status?: unknown;
  type?: unknown;
  errno?: unknown;
}

const SIZE = 'The request body is larger than this route accepts (32 KB for orders, 16 KB for refunds, 4 KB for checkout, 64 KB for LianLian\'s callbacks).';

export function readProblem(err: unknown): ReadProblem | undefined {
  if (!(err instanceof Error)) return undefined;
  const { status, type, errno } = err as ReadError;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (err instanceof URIError) {
    return { code: 'invalid_path', detail: 'The URL path is not valid percent-encoding (e.g. "%ff" or a "%" without two hex digits after it). Encode each path segment with encodeURIComponent.' };
  }
  switch (type) {
    case 'entity.too.large':
      return { code: 'payload_too_large', detail: SIZE };
    case 'encoding.unsupported':
      return { code: 'unsupported_encoding', detail: 'This Content-Encoding is not accepted. Send the body uncompressed, or as gzip, deflate or br.' };
    case 'charset.unsupported':
      return { code: 'unsupported_charset', detail: 'This charset is not accepted. Send the body as UTF-8 (e.g. "Content-Type: application/json; charset=utf-8").' };
    case 'entity.parse.failed':
      return { code: 'invalid_request', detail: 'The body is not valid JSON. Send one JSON object with "Content-Type: application/json".' };
  }
  // zlib failing on a body whose bytes do not match its Content-Encoding.
  if (typeof errno === 'number') {
    return { code: 'invalid_encoding', detail: 'The body could not be decompressed as its Content-Encoding says. Send it uncompressed, or compress it with that encoding.' };
  }
  return { code: 'invalid_request', detail: 'The request body could not be read as sent (for example, it ended before its Content-Length). Send it again, complete.' };
}
