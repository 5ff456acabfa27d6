/**
 * The loopback API of the benchmark, run in a process of its own so that it
 * shares neither the event loop nor the CPU accounting with the client it
 * serves. Pages are serialized once up front (unless `lazy`), so the server is
 * never the bottleneck; `lazy` generates each page on request, for record counts
 * too large to hold.
 *
 * Routes (all GET unless noted; `delayMs` is added before every page):
 * - `/link?page=N`         `{ data: [...], next: <absolute URL> | null }` (json_link)
 * - `/offset?offset=&limit=` `{ data: [...], total: <records> }` (offset)
 * - `/pages?page=N`        `{ data: [...], total_pages: <pages> }` (page_number, base 0)
 * - `/cursor?cursor=N`     `{ data: [...], next_cursor: "<N+1>" | null }` (cursor; no cursor: the first page)
 * - `/children/<id>`       `{ data: [...] }`: the `childrenPerParent` child records of parent `id`, one page (fan-out)
 * - `POST /oauth/token`    a client-credentials token (counted)
 * - `/_stats`              `{ pages, tokenRequests, ssmRequests, throttled, maxInFlight, firstPageAt, lastPageAt, heldMs, idleMs }`
 * A page is held `delayMs` from its arrival to its response, to the fraction of a
 * millisecond: a timer for most of it, then a check at each turn of the loop,
 * since a timer alone fires 1–2 ms late, and that lateness would count as the
 * API's latency (on a 20 ms page, 5–10 % of it). `heldMs` sums what pages were
 * held; `idleMs` is the time, from the first arrival to the last response,
 * during which no page was in flight (not counting across a `/_stats` read,
 * which comes between runs): for one chain, the client's turnaround from a
 * response to its next request.
 * With `limits` set, a page request above them is answered 429 at once (with
 * `Retry-After` when given): more than `requestsPerSecond` pages served within
 * the last second (a sliding window over arrivals, as strict APIs count), or
 * more than `maxInFlight` pages in flight.
 * With `ssmTarget` set, a second listener forwards every request to that
 * endpoint (moto) and counts them: SSM round trips as the client makes them.
 *
 * Prints `{"port":…,"proxyPort":…}` on stdout once listening.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeRecord } from './records';

/** How the server is configured (its JSON argument). */
export interface ServeConfig {
  readonly pages: number;
  readonly recordsPerPage: number;
  readonly recordBytes: number;
  readonly delayMs: number;
  /** Generate pages on request instead of up front. */
  readonly lazy?: boolean;
  /** Which route to pre-serialize (the others are generated on request). */
  readonly style: 'link' | 'offset' | 'pages' | 'cursor';
  /** Forward a second listener to this endpoint, counting requests. */
  readonly ssmTarget?: string;
  /** Answer 429 above these limits (the rate-limit and 429-storm scenarios). */
  readonly limits?: { readonly requestsPerSecond?: number; readonly maxInFlight?: number; readonly retryAfter?: string };
  /** Records per `/children/<id>` page. @default 5 */
  readonly childrenPerParent?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ServeConfig;
const totalRecords = config.pages * config.recordsPerPage;
const stats = { pages: 0, tokenRequests: 0, ssmRequests: 0, throttled: 0, maxInFlight: 0, firstPageAt: 0, lastPageAt: 0, heldMs: 0, idleMs: 0 };
/** Pages being held now, and when the last one was answered while none was left (for `idleMs`). */
let holding = 0;
let idleSince: number | undefined;
/** Pages in flight now. */
let inFlight = 0;
/** Arrival times (performance.now) of the pages served within the last second. */
const window: number[] = [];

/** The reason a page arriving now is refused, or undefined when it is served. */
function overLimit(now: number): string | undefined {
  const limits = config.limits;
  if (!limits) return undefined;
  if (limits.maxInFlight !== undefined && inFlight > limits.maxInFlight) return `more than ${limits.maxInFlight} requests in flight`;
  if (limits.requestsPerSecond !== undefined) {
    while (window.length > 0 && now - window[0] >= 1000) window.shift();
    if (window.length >= limits.requestsPerSecond) return `more than ${limits.requestsPerSecond} requests within a second`;
  }
  return undefined;
}
let origin = '';
let cache: Buffer[] = [];

function pageBody(style: ServeConfig['style'], page: number): Buffer {
  if (!config.lazy && style === config.style && cache[page]) return cache[page];
  const first = page * config.recordsPerPage;
  const count = Math.max(0, Math.min(config.recordsPerPage, totalRecords - first));
  const data = Array.from({ length: count }, (_, i) => makeRecord(first + i, config.recordBytes));
  if (style === 'link') {
    const next = page + 1 < config.pages ? `${origin}/link?page=${page + 1}` : null;
    return Buffer.from(JSON.stringify({ data, next }));
  }
  if (style === 'offset') return Buffer.from(JSON.stringify({ data, total: totalRecords }));
  if (style === 'cursor') return Buffer.from(JSON.stringify({ data, next_cursor: page + 1 < config.pages ? String(page + 1) : null }));
  return Buffer.from(JSON.stringify({ data, total_pages: config.pages }));
}

function send(res: ServerResponse, status: number, body: Buffer | string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', origin);
  if (url.pathname === '/_stats') {
    // A stats read comes between runs: the time until the next run's first page is not a turnaround.
    idleSince = undefined;
    return send(res, 200, JSON.stringify(stats));
  }
  if (url.pathname === '/oauth/token' && req.method === 'POST') {
    stats.tokenRequests += 1;
    req.resume();
    req.on('end', () => send(res, 200, JSON.stringify({ access_token: `bench-token-${stats.tokenRequests}`, token_type: 'Bearer', expires_in: 3600 })));
    return;
  }
  const child = /^\/children\/(\d+)$/.exec(url.pathname);
  if (child) return sendChildren(res, Number(child[1]));
  let style: ServeConfig['style'];
  let page: number;
  if (url.pathname === '/link') {
    style = 'link';
    page = Number(url.searchParams.get('page') ?? 0);
  } else if (url.pathname === '/offset') {
    style = 'offset';
    const limit = Number(url.searchParams.get('limit') ?? config.recordsPerPage);
    if (limit !== config.recordsPerPage) return send(res, 400, JSON.stringify({ error: `limit must be ${config.recordsPerPage}` }));
    page = Math.floor(Number(url.searchParams.get('offset') ?? 0) / config.recordsPerPage);
  } else if (url.pathname === '/cursor') {
    style = 'cursor';
    page = Number(url.searchParams.get('cursor') ?? 0);
  } else if (url.pathname === '/pages') {
    style = 'pages';
    page = Number(url.searchParams.get('page') ?? 0);
  } else {
    return send(res, 404, JSON.stringify({ error: 'not found' }));
  }
  const now = performance.now();
  inFlight += 1;
  res.once('close', () => (inFlight -= 1));
  const refused = overLimit(now);
  if (refused) {
    stats.throttled += 1;
    const retryAfter = config.limits?.retryAfter;
    return send(res, 429, JSON.stringify({ error: refused }), retryAfter === undefined ? {} : { 'retry-after': retryAfter });
  }
  window.push(now);
  stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
  if (stats.pages === 0) stats.firstPageAt = now;
  stats.lastPageAt = now;
  stats.pages += 1;
  const body = pageBody(style, page);
  hold(now, () => send(res, 200, body));
}

/** Runs `respond` `delayMs` after `arrived` (see the file comment), counting `heldMs` and `idleMs`. */
function hold(arrived: number, respond: () => void): void {
  if (holding++ === 0 && idleSince !== undefined) stats.idleMs += arrived - idleSince;
  const due = arrived + config.delayMs;
  const done = (): void => {
    const now = performance.now();
    stats.heldMs += now - arrived;
    if (--holding === 0) idleSince = now;
    respond();
  };
  const check = (): void => {
    const left = due - performance.now();
    if (left <= 0) done();
    // Timers fire at whole milliseconds and late; the last 2 ms are checked at each turn.
    else if (left > 2) setTimeout(check, left - 2);
    else setImmediate(check);
  };
  check();
}

/** The children of one parent: ids `parent × n + k`, each naming its parent, after the page delay. */
function sendChildren(res: ServerResponse, parent: number): void {
  const n = config.childrenPerParent ?? 5;
  const data = Array.from({ length: n }, (_, k) => ({ ...makeRecord(parent * n + k, config.recordBytes), parent_id: parent }));
  stats.pages += 1;
  const body = Buffer.from(JSON.stringify({ data }));
  hold(performance.now(), () => send(res, 200, body));
}

function startProxy(target: string): Promise<number> {
  const upstream = new URL(target);
  const proxy = createServer((req, res) => {
    stats.ssmRequests += 1;
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    forward.on('error', (error) => send(res, 502, JSON.stringify({ error: error.message })));
    req.pipe(forward);
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve((proxy.address() as AddressInfo).port)));
}

const server = createServer(handle);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  if (!config.lazy) cache = Array.from({ length: config.pages }, (_, page) => pageBody(config.style, page));
  const proxyReady = config.ssmTarget ? startProxy(config.ssmTarget) : Promise.resolve(undefined);
  void proxyReady.then((proxyPort) => process.stdout.write(`${JSON.stringify({ port, proxyPort })}\n`));
});
