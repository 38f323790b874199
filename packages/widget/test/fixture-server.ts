// A tiny HTTP server for the widget's component tests: serves the built dist/*.js, fixture pages
// assembled from query parameters, a stand-in signing server and a stand-in LianLian gateway that
// records what the browser posted. Listens on port 0 (never a fixed port: other suites run too).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** One form POST the stand-in gateway received. */
export interface GatewayPost {
  path: string;
  contentType: string;
  referer: string | undefined;
  fields: Record<string, string>;
}

export interface FixtureServer {
  origin: string;
  /** Form posts received by `/payment/*` and `/gateway/*`, oldest first. */
  posts: GatewayPost[];
  /** Requests to `/v1/checkout` (the stand-in signing server). */
  signingRequests: unknown[];
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const posts: GatewayPost[] = [];
  const signingRequests: unknown[] = [];
  const server: Server = createServer((req, res) => {
    handle(req, res, { posts, signingRequests, origin: originOf(server) }).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: originOf(server),
    posts,
    signingRequests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function originOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Ctx {
  posts: GatewayPost[];
  signingRequests: unknown[];
  origin: string;
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: Ctx): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.origin);
  if (req.method === 'GET' && url.pathname.startsWith('/dist/')) return serveDist(url.pathname.slice(6), res);
  if (req.method === 'GET' && url.pathname === '/page') return servePage(url, res, ctx.origin);
  if (req.method === 'POST' && url.pathname === '/v1/checkout') return sign(req, res, ctx);
  if (req.method === 'POST' && /^\/(payment|gateway)\//.test(url.pathname)) return receive(req, res, ctx, url.pathname);
  if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
  res.writeHead(404, { 'content-type': 'text/plain' }).end(`no fixture route for ${req.method ?? ''} ${url.pathname}`);
}

async function serveDist(file: string, res: ServerResponse): Promise<void> {
  if (!/^[\w.-]+\.js$/.test(file)) return void res.writeHead(404).end();
  const code = await readFile(DIST + file).catch(() => undefined);
  if (code === undefined) return void res.writeHead(404, { 'content-type': 'text/plain' }).end(`dist/${file} missing: build the widget first`);
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(code);
}

/**
 * `/page?body=<html>&lang=<html lang>&script=<dist file>&referrer=<meta content>&csp=1&theme=<css file>`.
 * With `csp=1` the page gets the strict policy from issue 7, allowing form posts to this origin only.
 */
function servePage(url: URL, res: ServerResponse, origin: string): void {
  const q = url.searchParams;
  const lang = q.get('lang') ?? 'en';
  const script = q.get('script') ?? 'lianlian-elements.js';
  const referrer = q.get('referrer');
  const head = [
    '<meta charset="utf-8">',
    '<title>widget fixture</title>',
    referrer === null ? '' : `<meta name="referrer" content="${referrer}">`,
    `<script type="module" src="/dist/${script}"></script>`,
  ].join('');
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
  if (q.get('csp') === '1') {
    headers['content-security-policy'] = `default-src 'self'; script-src 'self'; style-src 'self'; form-action ${origin}`;
  }
  const body = `<!doctype html><html lang="${lang}"><head>${head}</head><body><main>${q.get('body') ?? ''}</main></body></html>`;
  res.writeHead(200, headers).end(body);
}

/** The stand-in signing server (used where `page.route` is not wanted, e.g. the CSP test). */
async function sign(req: IncomingMessage, res: ServerResponse, ctx: Ctx): Promise<void> {
  const body: unknown = JSON.parse(await readBody(req));
  ctx.signingRequests.push(body);
  res.writeHead(200, { 'content-type': 'application/json' }).end(
    JSON.stringify({
      action: `${ctx.origin}/payment/bankgateway.htm`,
      method: 'POST',
      accept_charset: 'UTF-8',
      fields: { no_order: 'ORD-CSP-1', name_goods: '测试商品 "quoted" <b>', money_order: '0.01', sign: 'c2lnbg==' },
      no_order: 'ORD-CSP-1',
    }),
  );
}

async function receive(req: IncomingMessage, res: ServerResponse, ctx: Ctx, path: string): Promise<void> {
  const fields = Object.fromEntries(new URLSearchParams(await readBody(req)));
  ctx.posts.push({ path, contentType: req.headers['content-type'] ?? '', referer: req.headers.referer, fields });
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gateway</title></head><body><h1 id="gateway">gateway received ${Object.keys(fields).length} fields</h1></body></html>`,
  );
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
