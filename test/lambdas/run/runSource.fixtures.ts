/**
 * Shared fixtures of the runSource / handler / continuation tests: a small
 * real HTTP API on loopback (items with an `updated_at` cursor served by offset
 * pages, comments per item, an OAuth2 token endpoint) and readers of the
 * committed view in a store.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { runSource } from '../../../lambdas/run/runSource';
import type { RunOptions, RunSummary } from '../../../lambdas/run/runSource';
import type { ObjectStore } from '../../../lambdas/sink/ObjectStore';

/**
 * The `items` resource of the test API as a source declares it: offset pages,
 * incremental on `updated_at` sent as `since`, deduplicated by `id`.
 * `incremental` adds to (or overrides) the cursor settings.
 */
export function itemsResource(incremental: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'items',
    primary_key: 'id',
    endpoint: { path: 'items', data_selector: 'data', params: { since: '{incremental.start_value}' }, incremental: { cursor_path: 'updated_at', ...incremental } },
  };
}

/** One item of the test API. */
export interface Item {
  id: number;
  updated_at: string;
  title: string;
}

/** A comment of an item. */
export interface Comment {
  id: number;
  item_id: number;
  created_at: string;
}

/** The running test API. */
export interface ItemsApi {
  readonly url: string;
  items: Item[];
  comments: Comment[];
  /** Every request: method, path and query. */
  readonly requests: Array<{ method: string; path: string; query: Record<string, string>; authorization?: string }>;
  tokenRequests: number;
  close(): Promise<void>;
}

function iso(n: number): string {
  return new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString().replace('.000Z', 'Z');
}

/** `count` items, ids 1..count, item i updated at minute i. */
export function makeItems(count: number, from = 1): Item[] {
  return Array.from({ length: count }, (_, i) => ({ id: from + i, updated_at: iso(from + i), title: `item ${from + i}` }));
}

/** Starts the API. Items are served sorted by `updated_at`, filtered by `since` (inclusive). */
export async function startItemsApi(options: { token?: string } = {}): Promise<ItemsApi> {
  const api: Omit<ItemsApi, 'url' | 'close'> = { items: [], comments: [], requests: [], tokenRequests: 0 };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    api.requests.push({ method: req.method ?? 'GET', path: url.pathname, query, authorization: req.headers.authorization });
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/oauth/token') {
      api.tokenRequests++;
      req.resume();
      req.on('end', () => send(200, { access_token: `tok-${api.tokenRequests}-abcdef`, token_type: 'bearer', expires_in: 3600 }));
      return;
    }
    if (options.token && req.headers.authorization !== `Bearer ${options.token}` && !req.headers.authorization?.startsWith('Bearer tok-')) {
      send(401, { error: 'unauthorized' });
      return;
    }
    const since = query.since;
    const limit = Number(query.limit ?? 1000);
    const offset = Number(query.offset ?? 0);
    const m = /^\/items\/(\d+)\/comments$/.exec(url.pathname);
    if (url.pathname === '/items') {
      const all = api.items.filter((i) => !since || i.updated_at >= since).sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id - b.id);
      send(200, { data: all.slice(offset, offset + limit), total: all.length });
    } else if (m) {
      const all = api.comments.filter((c) => c.item_id === Number(m[1]) && (!since || c.created_at >= since));
      send(200, { data: all.slice(offset, offset + limit), total: all.length });
    } else send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(api, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** `n` comments for each of `itemIds`, created at minute (item*100 + k). */
export function makeComments(itemIds: number[], n: number, from = 1): Comment[] {
  return itemIds.flatMap((item) =>
    Array.from({ length: n }, (_, k) => ({ id: item * 1000 + from + k, item_id: item, created_at: iso(item * 100 + from + k) })),
  );
}

/** A JSON manifest from the store. */
export async function readJson<T = Record<string, unknown>>(store: ObjectStore, key: string): Promise<T> {
  const body = await store.get(key);
  if (!body) throw new Error(`no object ${key}`);
  return JSON.parse(body.toString('utf8')) as T;
}

/** Every record of one gzip JSON Lines object. */
export async function readPart(store: ObjectStore, key: string): Promise<unknown[]> {
  const body = await store.get(key);
  if (!body) throw new Error(`no object ${key}`);
  return gunzipSync(body)
    .toString('utf8')
    .split('\n')
    .filter((l) => l)
    .map((l) => JSON.parse(l) as unknown);
}

/** The committed view of a source: records of every file listed by a succeeded manifest, per resource. */
export async function committedRecords(store: ObjectStore, prefix: string, source: string): Promise<Record<string, unknown[]>> {
  const root = prefix ? `${prefix.replace(/\/+$/, '')}/${source}/` : `${source}/`;
  const out: Record<string, unknown[]> = {};
  type Listed = { status: string; seq: number; resources: Record<string, { files: Array<{ key: string }> }> };
  const manifests: Listed[] = [];
  for (const key of await store.list(`${root}_manifests/`)) manifests.push(await readJson<Listed>(store, key));
  // Run ids of one second do not sort by time; seq does.
  for (const manifest of manifests.sort((a, b) => a.seq - b.seq)) {
    if (manifest.status !== 'succeeded') continue;
    for (const [name, r] of Object.entries(manifest.resources)) {
      out[name] ??= [];
      for (const f of r.files) out[name].push(...(await readPart(store, f.key)));
    }
  }
  return out;
}

/**
 * Runs a source to the end like the Lambda would: an invocation "runs out of
 * time" after `budget` checks of the clock; `continueRun` queues the next
 * invocation, which the loop then starts; `onContinue` sees each checkpoint
 * key before the next invocation reads it.
 */
export async function runInvocations(
  base: Omit<RunOptions, 'store'>,
  store: ObjectStore,
  budget: number,
  onContinue: (checkpointKey: string) => Promise<void> = async () => undefined,
): Promise<RunSummary[]> {
  const summaries: RunSummary[] = [];
  let next: string | undefined;
  do {
    let checks = 0;
    const queued: string[] = [];
    const summary = await runSource({
      ...base,
      store,
      checkpointKey: next,
      remainingTimeMs: () => (++checks > budget ? 0 : 60_000),
      continueRun: async (key) => void queued.push(key),
    });
    summaries.push(summary);
    next = queued[0];
    if (next) await onContinue(next);
  } while (next);
  return summaries;
}

