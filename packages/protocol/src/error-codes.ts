/**
 * The signing server's error codes: the one registry of `code → { status, title }`. The server's
 * problem+json handler takes each response's status and title from here, its errors are typed by
 * these codes, docs/server.md's table is checked against it by a test, and the widget checks the
 * codes it names against `ErrorCode` (a type import). An entry without a status or a title fails
 * the type check. The module imports nothing, so browser code can read its types.
 *
 * Titles are part of the wire format (RFC 9457 `title`): change one only with the docs.
 */
export const ERROR_CODES = {
  unauthorized: { status: 401, title: 'Missing or wrong shop API key' },
  invalid_request: { status: 400, title: 'Malformed request' },
  invalid_path: { status: 400, title: 'Malformed URL path' },
  json_too_deep: { status: 400, title: 'JSON nested too deeply' },
  invalid_encoding: { status: 400, title: 'Body does not match its Content-Encoding' },
  unsupported_encoding: { status: 415, title: 'Content-Encoding not accepted' },
  unsupported_charset: { status: 415, title: 'Charset not accepted' },
  invalid_fields: { status: 400, title: "Fields break LianLian's rules" },
  duplicate_no_order: { status: 409, title: 'Duplicate no_order' },
  idempotency_conflict: { status: 409, title: 'Idempotency-Key reused with a different body' },
  token_unknown: { status: 404, title: 'Unknown checkout token' },
  token_expired: { status: 410, title: 'Checkout token expired' },
  order_paid: { status: 409, title: 'Order already paid' },
  order_failed: { status: 409, title: 'Order failed' },
  order_expired: { status: 409, title: 'Order expired' },
  order_refunded: { status: 409, title: 'Order refunded' },
  order_changed: { status: 409, title: 'Order changed while signing' },
  limit_exceeded: { status: 422, title: "LianLian's pre-go-live limit reached" },
  origin_not_allowed: { status: 403, title: 'Origin not allowed' },
  gateway_not_allowed: { status: 422, title: "Gateway not among the page's gateway origins" },
  product_not_enabled: { status: 403, title: 'Product not enabled' },
  rate_limited: { status: 429, title: 'Too many requests' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  not_found: { status: 404, title: 'Not found' },
  not_ready: { status: 503, title: 'Not ready' },
  widget_not_built: { status: 404, title: 'Widget not built' },
  internal_error: { status: 500, title: 'Internal error' },
  invalid_body: { status: 400, title: 'Malformed refund request' },
  invalid_no_refund: { status: 400, title: 'Malformed no_refund' },
  amount_not_string: { status: 400, title: 'Amount is not a string' },
  amount_format: { status: 400, title: 'Malformed amount' },
  amount_out_of_range: { status: 400, title: 'Amount out of range' },
  order_not_found: { status: 404, title: 'Unknown order' },
  order_not_refundable: { status: 409, title: 'Order not refundable' },
  refund_exceeds_amount: { status: 409, title: 'Refund exceeds the amount paid' },
  no_refund_conflict: { status: 409, title: 'no_refund already used' },
  lianlian_unavailable: { status: 502, title: 'LianLian unavailable' },
  lianlian_source_not_registered: { status: 502, title: "Server IP not registered with LianLian" },
} as const satisfies Readonly<Record<string, { readonly status: number; readonly title: string }>>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes answered with HTTP status `S`. */
export type ErrorCodeWithStatus<S extends number> = { [C in ErrorCode]: (typeof ERROR_CODES)[C]['status'] extends S ? C : never }[ErrorCode];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}
