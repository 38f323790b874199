import { LianLianError } from '../shared/errors.js';
import type { SignedForm } from '../shared/form.js';
import { fetchJson, invalidResponse, isRecord } from '../shared/http.js';

export interface SigningRequest {
  endpoint: string;
  token: string;
  /** Where the element will post the form: the server refuses to sign (`gateway_not_allowed`) for any other gateway. */
  gatewayOrigins: readonly string[];
  timeoutMs: number;
  signal: AbortSignal;
}

/** Asks the signing server for the signed form: `POST {endpoint}` with `{"token": …, "gateway_origins": […]}`. */
export async function requestSignedForm(req: SigningRequest): Promise<SignedForm> {
  if (req.endpoint === '' || req.token === '') {
    throw new LianLianError({
      code: 'invalid_config',
      detail: 'Set endpoint and token.',
    });
  }
  const body = await fetchJson({
    url: req.endpoint,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: req.token, gateway_origins: req.gatewayOrigins }),
    },
    timeoutMs: req.timeoutMs,
    signal: req.signal,
  });
  return parseSignedForm(body);
}

/** Checks the shape of the server's answer; a mismatch means a server/widget version skew. */
export function parseSignedForm(body: unknown): SignedForm {
  const { action, method = 'POST', accept_charset = 'UTF-8', fields, no_order } = isRecord(body) ? body : {};
  if (
    typeof action !== 'string' ||
    (method !== 'POST' && method !== 'GET') ||
    typeof accept_charset !== 'string' ||
    typeof no_order !== 'string' ||
    !isRecord(fields) ||
    !Object.values(fields).every((v) => typeof v === 'string')
  ) {
    throw invalidResponse('Signed form is not { action, method, accept_charset, fields, no_order }.');
  }
  return { action, method, accept_charset, fields: fields as Record<string, string>, no_order };
}
