/** The shop backend's client for the signing server's order API (any language could do the same). */
export interface CreatedOrder {
  no_order: string;
  status: string;
  checkout_token: string;
  expires_at: string;
}

export interface RemoteOrder {
  no_order: string;
  status: string;
  amount: string;
  name_goods: string;
  events: Array<{ type: string; at: string }>;
}

export type ApiResult<K extends string, T> =
  | ({ ok: true } & Record<K, T>)
  | { ok: false; status: number; code: string; detail: string };

interface Problem {
  code?: string;
  detail?: string;
  title?: string;
}

export class ServerClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async createOrder(body: Record<string, unknown>, idempotencyKey?: string): Promise<ApiResult<'order', CreatedOrder>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' };
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const res = await fetch(`${this.baseUrl}/v1/orders`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!res.ok) return this.failure(res);
    return { ok: true, order: (await res.json()) as CreatedOrder };
  }

  async getOrder(noOrder: string): Promise<ApiResult<'order', RemoteOrder>> {
    const res = await fetch(`${this.baseUrl}/v1/orders/${encodeURIComponent(noOrder)}`, {
      headers: { authorization: `Bearer ${this.apiKey}` },
    });
    if (!res.ok) return this.failure(res);
    return { ok: true, order: (await res.json()) as RemoteOrder };
  }

  private async failure(res: Response): Promise<{ ok: false; status: number; code: string; detail: string }> {
    const problem = (await res.json().catch(() => ({}))) as Problem;
    return { ok: false, status: res.status, code: problem.code ?? 'error', detail: problem.detail ?? problem.title ?? res.statusText };
  }
}
