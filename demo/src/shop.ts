import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express, { type Express, type Request } from 'express';
import helmet from 'helmet';
import { formatAmount, beijingTimestamp } from '@lianlian-checkout/protocol';
import { verifyWebhookSignature } from '@lianlian-checkout/server/webhooks';
import { findItem, type CatalogueItem } from './catalogue.js';
import { isLang, messages, type Lang } from './i18n.js';
import { cataloguePage, checkoutPage, errorPage, orderPage, type Unpaid } from './pages.js';
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

/** The buyer's language: `?lang=` (remembered in a cookie), else the cookie, else Chinese. */
function languageOf(req: Request, res: express.Response): Lang {
  const asked = req.query.lang;
  if (isLang(asked)) {
    res.append('Set-Cookie', `demo_lang=${asked}; Path=/; SameSite=Lax; Max-Age=31536000`);
    return asked;
  }
  const remembered = /(?:^|;\s*)demo_lang=([A-Za-z-]+)/.exec(req.headers.cookie ?? '')?.[1];
  return isLang(remembered) ? remembered : 'zh-CN';
}

/**
 * The shop's own order number, derived from the form's nonce so a resubmitted form is the same
 * order (the signing server's idempotency key is that nonce too). Knowing it before the order
 * exists lets the shop give LianLian its way back (`back_url`, `url_order`).
 */
function shopOrderNumber(nonce: string | undefined): string {
  const seed = nonce ?? randomUUID();
  return `DEMO${createHash('sha256').update(seed).digest('hex').slice(0, 24).toUpperCase()}`;
}

/** `back_url` where the product takes it (spec §3.1, §3.3, §3.4), `url_order` on the web products. */
const BACK_URL_PRODUCTS = new Set(['web', 'easypay', 'h5', 'h5_quickpay']);
const URL_ORDER_PRODUCTS = new Set(['web', 'aggregate', 'easypay']);

/** The demo's order lifetime knob (`/?valid_order=1` tries expiry in a minute); LianLian's default otherwise. */
function validOrderOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^[1-9]\d{0,4}$/.test(value)) return undefined;
  const minutes = Number(value);
  return minutes <= 10_080 ? minutes : undefined;
}

/** Why an unpaid order shows "try again": the server says failed or expired, or the buyer came back by LianLian's back link. */
function unpaidReason(status: string, cameBack: boolean): Unpaid | undefined {
  if (status === 'failed') return 'failed';
  if (status === 'expired') return 'expired';
  if (cameBack && (status === 'pending' || status === 'created')) return 'not_completed';
  return undefined;
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
    if (buyer.cookie) res.append('Set-Cookie', buyer.cookie);
    res.type('html').send(cataloguePage(languageOf(req, res), req.originalUrl, validOrderOf(req.query.valid_order)));
  });

  app.post('/buy', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const lang = languageOf(req, res);
    const m = messages(lang);
    const item = findItem(body.sku);
    if (!item) {
      res.status(400).type('html').send(errorPage(lang, m.unknownProduct, m.unknownProductText, 'unknown_sku'));
      return;
    }
    const buyer = buyerId(req);
    if (buyer.cookie) res.append('Set-Cookie', buyer.cookie);
    const product = body.product ?? 'web';
    const noOrder = shopOrderNumber(typeof body.nonce === 'string' ? body.nonce : undefined);
    // LianLian's "back to merchant" (failure, cancel, a closed order) lands on this order's page.
    const orderUrl = `${req.protocol}://${req.get('host') ?? '127.0.0.1'}/orders/${noOrder}?back=1`;
    const validOrder = validOrderOf(body.valid_order);
    const result = await api.createOrder(
      {
        no_order: noOrder,
        amount: formatAmount(item.priceFen),
        name_goods: item.name,
        user_id: buyer.id,
        product,
        info_order: `demo ${item.sku}`,
        ...(URL_ORDER_PRODUCTS.has(product) ? { url_order: orderUrl } : {}),
        ...(BACK_URL_PRODUCTS.has(product) ? { back_url: orderUrl } : {}),
        ...(validOrder === undefined ? {} : { valid_order: validOrder }),
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
      res.status(result.status).type('html').send(errorPage(lang, m.orderRefused, result.detail, result.code));
      return;
    }
    orders.set(result.order.no_order, { item, product, token: result.order.checkout_token, webhooks: [] });
    res.redirect(303, `/checkout/${encodeURIComponent(result.order.no_order)}`);
  });

  app.get('/checkout/:noOrder', async (req, res) => {
    const lang = languageOf(req, res);
    const m = messages(lang);
    const order = orders.get(req.params.noOrder);
    if (!order) {
      res.status(404).type('html').send(errorPage(lang, m.noSuchOrder, m.noSuchOrderText, 'not_found'));
      return;
    }
    // An order that can no longer be paid gets "try again" rather than a button that cannot work.
    const remote = await api.getOrder(req.params.noOrder);
    res.type('html').send(
      checkoutPage({
        lang,
        path: req.originalUrl,
        unpaid: remote.ok ? unpaidReason(remote.order.status, false) : undefined,
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
    const lang = languageOf(req, res);
    const remote = await api.getOrder(req.params.noOrder);
    if (!remote.ok) {
      res.status(remote.status).type('html').send(errorPage(lang, messages(lang).noSuchOrder, remote.detail, remote.code));
      return;
    }
    const local = orders.get(req.params.noOrder);
    res.type('html').send(
      orderPage({
        lang,
        path: req.originalUrl,
        unpaid: unpaidReason(remote.order.status, req.query.back !== undefined),
        again: local ? { sku: local.item.sku, product: local.product } : undefined,
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
  app.use((err: unknown, req: Request, res: express.Response, _next: express.NextFunction) => {
    console.error('[shop]', err);
    const lang = languageOf(req, res);
    const m = messages(lang);
    res.status(502).type('html').send(errorPage(lang, m.tryLater, m.tryLaterText, 'upstream_error'));
  });

  return app;
}
