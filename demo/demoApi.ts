/**
 * The demo API bundled with sluice: a small node:http server on a loopback
 * port that behaves like a typical SaaS API, so `npm run demo` shows a whole
 * run with no network and no AWS account.
 *
 * - `POST /oauth/token`: OAuth2 client credentials (form fields or Basic), tokens live an hour
 * - `GET /v1/customers?page=N&per_page=M`: page-number pagination, `total_pages` in the body
 * - `GET /v1/customers/{id}/invoices`: one page per customer (the child resource)
 * - `GET /v1/products?page=N`: an absolute next URL in `links.next`
 * - `GET /v1/orders?updated_since=T&limit=N&cursor=C`: cursor pagination with `has_more`, filtered by `updated_since` (inclusive)
 *
 * Every `/v1` route needs `Authorization: Bearer <issued token>`.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DemoData } from './demoData';

/** The demo's OAuth2 client (also in `demo/secrets.json`). */
export const DEMO_CLIENT = Object.freeze({ id: 'demo-client', secret: 'demo-client-secret-4f8a1c' });

/** A running demo API. */
export interface DemoApi {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  readonly data: DemoData;
  /** Access tokens issued so far. */
  readonly tokenRequests: () => number;
  /** API requests served so far (token requests excluded). */
  readonly apiRequests: () => number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Starts the demo API on 127.0.0.1 (port 0: any free port). */
export async function startDemoApi(options: { port?: number } = {}): Promise<DemoApi> {
  const data = new DemoData();
  const tokens = new Set<string>();
  let tokenCount = 0;
  let apiCount = 0;

  const issueToken = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const form = new URLSearchParams(await readBody(req));
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    if (form.get('grant_type') !== 'client_credentials') return send(res, 400, { error: 'unsupported_grant_type' });
    if (id !== DEMO_CLIENT.id || secret !== DEMO_CLIENT.secret) return send(res, 401, { error: 'invalid_client' });
    tokenCount += 1;
    const token = `demo_at_${randomBytes(12).toString('hex')}`;
    tokens.add(token);
    send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
  };

  const api = (url: URL, res: ServerResponse, origin: string): void => {
    const path = url.pathname;
    const q = url.searchParams;
    if (path === '/v1/customers') {
      const perPage = positiveInt(q.get('per_page'), 5);
      const page = positiveInt(q.get('page'), 1);
      const totalPages = Math.ceil(data.customers.length / perPage);
      return send(res, 200, { customers: data.customers.slice((page - 1) * perPage, page * perPage), page, total_pages: totalPages });
    }
    const invoices = /^\/v1\/customers\/(\d+)\/invoices$/.exec(path);
    if (invoices) {
      const id = Number(invoices[1]);
      if (!data.customers.some((c) => c.id === id)) return send(res, 404, { error: `no customer ${id}` });
      return send(res, 200, { invoices: data.invoices.filter((i) => i.customer_id === id) });
    }
    if (path === '/v1/products') {
      const page = positiveInt(q.get('page'), 1);
      const size = 3;
      const items = data.products.slice((page - 1) * size, page * size);
      const next = page * size < data.products.length ? `${origin}/v1/products?page=${page + 1}` : null;
      return send(res, 200, { items, links: { self: `${origin}/v1/products?page=${page}`, next } });
    }
    if (path === '/v1/orders') {
      const limit = Math.min(positiveInt(q.get('limit'), 10), 100);
      const all = data.ordersSince(q.get('updated_since') ?? undefined);
      const cursor = q.get('cursor');
      const start = cursor ? all.findIndex((o) => o.id === cursor) + 1 : 0;
      const page = all.slice(start, start + limit);
      const hasMore = start + limit < all.length;
      return send(res, 200, { data: page, has_more: hasMore, next_cursor: hasMore ? page[page.length - 1].id : null });
    }
    send(res, 404, { error: `no route ${path}` });
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      issueToken(req, res).catch(() => send(res, 500, { error: 'server_error' }));
      return;
    }
    if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' });
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    if (!bearer || !tokens.has(bearer[1])) return send(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer' });
    apiCount += 1;
    api(url, res, origin);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    data,
    tokenRequests: () => tokenCount,
    apiRequests: () => apiCount,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
