import { createServer, type Server } from 'node:http';
import { verifyWebhookSignature } from '../src/webhook-verify.js';

/** The shop's webhook receiver: verifies each delivery as a shop would and records what arrived. */
export interface Received {
  id: string;
  type: string;
  noOrder: string;
}

export interface ShopReceiver {
  url: string;
  received: Received[];
  rejected: string[];
  stop(): Promise<void>;
}

export async function startShopReceiver(options: { port: number; secret: string }): Promise<ShopReceiver> {
  const received: Received[] = [];
  const rejected: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const event = verifyWebhookSignature({ payload: Buffer.concat(chunks), header: req.headers['lianlian-checkout-signature'] as string | undefined, secret: options.secret });
        received.push({ id: event.id, type: event.type, noOrder: String(event.data.order.no_order) });
        res.writeHead(204).end();
      } catch (error) {
        rejected.push(String(error));
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${options.port}/webhooks`,
    received,
    rejected,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
