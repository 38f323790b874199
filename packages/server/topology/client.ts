import { Agent, request } from 'node:https';

/**
 * HTTPS requests through nginx from a chosen loopback address: every 127.x.y.z is the machine
 * itself on Linux, so each simulated buyer gets its own source address, the address nginx sees.
 */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface Client {
  send(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Answer>;
  close(): void;
}

export function httpsClient(options: { base: string; ca: string; localAddress?: string }): Client {
  const agent = new Agent({ keepAlive: true, maxSockets: 8, ca: options.ca, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  return {
    send: (path, init = {}) => new Promise((resolve, reject) => {
      const req = request(new URL(path, options.base), { method: init.method ?? 'GET', headers: init.headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(init.body);
    }),
    close: () => agent.destroy(),
  };
}

/**
 * Sends until the answer is not a gateway error (nginx's 502/503/504 while an instance is down) or
 * a dropped connection: what a shop backend and the widget do on a retryable failure.
 */
export async function sendRetrying(client: Client, path: string, init: Parameters<Client['send']>[1], attempts = 20): Promise<Answer> {
  for (let i = 1; ; i++) {
    try {
      const answer = await client.send(path, init);
      if (![502, 503, 504].includes(answer.status) || i >= attempts) return answer;
    } catch (error) {
      if (i >= attempts) throw error;
    }
    await new Promise((r) => setTimeout(r, 100 * i));
  }
}
