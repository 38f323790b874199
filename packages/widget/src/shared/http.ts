import { LianLianError } from './errors.js';

export interface JsonRequest {
  url: string;
  init: RequestInit;
  timeoutMs: number;
  /** Aborts the request when the element goes away. */
  signal: AbortSignal;
}

/**
 * fetch + JSON with a timeout, where every failure is a LianLianError: `timeout`, `network_error`,
 * `aborted` (the caller's signal), or the server's RFC 9457 problem `code`.
 */
export async function fetchJson(req: JsonRequest): Promise<unknown> {
  // One controller for both causes (AbortSignal.any/timeout are too new for some buyers' browsers).
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort();
  }, req.timeoutMs);
  req.signal.addEventListener('abort', abort);
  try {
    const response = await fetch(req.url, { ...req.init, signal: controller.signal });
    if (!response.ok) throw await problemError(response);
    return await response.json().catch((cause: unknown) => {
      throw controller.signal.aborted ? cause : invalidResponse(`${req.url} sent no JSON.`);
    });
  } catch (error) {
    throw error instanceof LianLianError ? error : transportError(req, timedOut);
  } finally {
    clearTimeout(timer);
    req.signal.removeEventListener('abort', abort);
  }
}

function transportError(req: JsonRequest, timedOut: boolean): LianLianError {
  if (timedOut) return new LianLianError({ code: 'timeout', detail: `No answer from ${req.url} within ${req.timeoutMs} ms.` });
  if (req.signal.aborted) return new LianLianError({ code: 'aborted', detail: 'cancelled' });
  return new LianLianError({
    code: 'network_error',
    // Browsers report a CORS refusal exactly like a network failure.
    detail: `Cannot reach ${req.url} (down, wrong URL, or CORS: add ${location.origin} to ALLOWED_ORIGINS).`,
  });
}

/** An RFC 9457 problem answer; a body without `code` (a proxy's error page) falls back on the status. */
async function problemError(response: Response): Promise<LianLianError> {
  const body: unknown = await response.json().catch(() => undefined);
  const problem: Record<string, unknown> = isRecord(body) ? body : {};
  const status = response.status;
  const text = (key: string): string | undefined => (typeof problem[key] === 'string' ? problem[key] : undefined);
  return new LianLianError({
    code: text('code') ?? (status === 429 ? 'rate_limited' : status >= 500 ? 'internal_error' : 'unknown'),
    detail: text('detail') ?? `HTTP ${status} from ${response.url}`,
    retryable: typeof problem['retryable'] === 'boolean' ? problem['retryable'] : status === 429 || status >= 500,
    requestId: text('requestId'),
    extensions: problem,
  });
}

export function invalidResponse(detail: string): LianLianError {
  return new LianLianError({ code: 'invalid_response', detail });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
