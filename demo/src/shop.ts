import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express, { type Express, type Request } from 'express';
import helmet from 'helmet';
import { formatAmount, beijingTimestamp } from '@lianlian-checkout/protocol';
import { verifyWebhookSignature } from '@lianlian-checkout/server/webhooks';
import { findItem, type CatalogueItem } from './catalogue.js';
import { cataloguePage, checkoutPage, errorPage, orderPage } from './pages.js';
import { ServerClient } from './server-client.js';

/**
 * The demo storefront: what any shop does with the kit. Its backend creates orders over the signing
 * server's HTTP API with the amount from its own catalogue, renders the element, and receives signed
 * webhooks. It keeps its own state in memory because it is a demo.
 */
export interface ShopOptions {
  /** Where the shop backend reaches the signing server. */
  serverApiUrl: string;
  /** The signing server's public origin, used in pages (widget script, checkout endpoint). */
  serverPublicUrl: string;
  sandboxOrigin: string;
  shopApiKey: string;
  webhookSecret: string;
}

interface ShopOrder {
  item: CatalogueItem;
  product: string;
  token: string;
  webhooks: Array<{ id: string; type: string }>;
}

const LIANLIAN_ORIGINS = ['https://payment.lianlianpay.com', 'https://wallet.lianlianpay.com', 'https://wap.lianlianpay.com'];

function buyerId(req: Request): { id: string; cookie?: string } {
  const match = /(?:^|;\s*)demo_buyer=([A-Za-z0-9_-]{8,32})/.exec(req.headers.cookie ?? '');
  if (match?.[1]) return { id: match[1] };
  const id = `buyer_${randomBytes(6).toString('hex')}`;
  return { id, cookie: `demo_buyer=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000` };
}

export function createShopApp(options: ShopOptions): Express {
  const app = express();
  const api = new ServerClient(options.serverApiUrl, options.shopApiKey);
  const orders = new Map<string, ShopOrder>();

  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", options.serverPublicUrl],
          styleSrc: ["'self'"],
          connectSrc: ["'self'", options.serverPublicUrl],
          imgSrc: ["'self'", 'data:'],
          // The element posts the signed form to LianLian (here: the sandbox); see docs/widget.md.
          formAction: ["'self'", options.sandboxOrigin, ...LIANLIAN_ORIGINS],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      // LianLian checks the source domain from the form POST's Referer: keep the origin in it.
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    }),
  );
  app.use('/static', express.static(fileURLToPath(new URL('../public', import.meta.url)), { maxAge: '1h' }));

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  app.get('/', (req, res) => {
    const buyer = buyerId(req);
    if (buyer.cookie) res.setHeader('Set-Cookie', buyer.cookie);
    res.type('html').send(cataloguePage());
  });

  app.post('/buy', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const item = findItem(body.sku);
    if (!item) {
      res.status(400).type('html').send(errorPage('未知商品 Unknown product', 'Pick a product from the catalogue.', 'unknown_sku'));
      return;
    }
    const buyer = buyerId(req);
    if (buyer.cookie) res.setHeader('Set-Cookie', buyer.cookie);
    const product = body.product ?? 'web';
    const result = await api.createOrder(
      {
        amount: formatAmount(item.priceFen),
        name_goods: item.name,
        user_id: buyer.id,
        product,
        info_order: `demo ${item.sku}`,
        // Easy Pay requires pay_type (spec §3.3): M is a regular payment, F a credit-card pre-authorisation.
        ...(product === 'easypay' ? { pay_type: 'M' } : {}),
        risk_item: {
          user_info_dt_register: beijingTimestamp(new Date(Date.UTC(2024, 0, 1))),
          goods_name: item.name,
        },
      },
      typeof body.nonce === 'string' ? body.nonce : undefined,
    );
    if (!result.ok) {
      res.status(result.status).type('html').send(errorPage('无法下单 Order refused', result.detail, result.code));
      return;
    }
    orders.set(result.order.no_order, { item, product, token: result.order.checkout_token, webhooks: [] });
    res.redirect(303, `/checkout/${encodeURIComponent(result.order.no_order)}`);
  });

  app.get('/checkout/:noOrder', (req, res) => {
    const order = orders.get(req.params.noOrder);
    if (!order) {
      res.status(404).type('html').send(errorPage('订单不存在 No such order', 'This shop does not know that order.', 'not_found'));
      return;
    }
    res.type('html').send(
      checkoutPage({
        noOrder: req.params.noOrder,
        item: order.item,
        product: order.product,
        token: order.token,
        serverPublicUrl: options.serverPublicUrl,
        sandboxOrigin: options.sandboxOrigin,
      }),
    );
  });

  app.get('/orders/:noOrder', async (req, res) => {
    const remote = await api.getOrder(req.params.noOrder);
    if (!remote.ok) {
      res.status(remote.status).type('html').send(errorPage('订单不存在 No such order', remote.detail, remote.code));
      return;
    }
    const local = orders.get(req.params.noOrder);
    res.type('html').send(
      orderPage({
        noOrder: req.params.noOrder,
        status: remote.order.status,
        amount: remote.order.amount,
        nameGoods: remote.order.name_goods,
        events: remote.order.events,
        webhooks: local?.webhooks ?? [],
        token: local?.token,
        returnStatus: typeof req.query.status === 'string' ? req.query.status : undefined,
        serverPublicUrl: options.serverPublicUrl,
      }),
    );
  });

  // Signed shop webhooks from the signing server; verified over the raw body.
  app.post('/webhooks/lianlian', express.raw({ type: () => true, limit: '64kb' }), (req, res) => {
    const payload = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const header = req.get('LianLian-Checkout-Signature') ?? '';
    try {
      verifyWebhookSignature({ payload, header, secret: options.webhookSecret });
    } catch {
      res.status(400).json({ error: 'bad signature' });
      return;
    }
    const event = JSON.parse(payload) as { id: string; type: string; data?: { order?: { no_order?: string } } };
    const noOrder = event.data?.order?.no_order;
    const order = noOrder ? orders.get(noOrder) : undefined;
    if (order && !order.webhooks.some((w) => w.id === event.id)) order.webhooks.push({ id: event.id, type: event.type });
    res.status(204).end();
  });

  // The shop's own failures (e.g. the signing server is down) get a page, never a stack trace.
  app.use((err: unknown, _req: Request, res: express.Response, _next: express.NextFunction) => {
    console.error('[shop]', err);
    res.status(502).type('html').send(errorPage('暂时无法处理 Try again', 'The payment service did not answer. Try again in a moment.', 'upstream_error'));
  });

  return app;
}
