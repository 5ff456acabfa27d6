/**
 * Typed cursors and windows end to end (issue 15 cases 2 and 3, issue 14's
 * incremental options): a real loopback API, runs into a local store, and the
 * committed view read back from the manifests.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateSource } from '../../../lambdas/config/validateSource';
import { CursorValueError } from '../../../lambdas/errors/CursorValueError';
import { RunFailedError } from '../../../lambdas/errors/RunFailedError';
import { readCommittedState } from '../../../lambdas/commit/committedState';
import { commitKey, commitsPrefix } from '../../../lambdas/commit/layout';
import type { Manifest } from '../../../lambdas/commit/manifest';
import { runSource } from '../../../lambdas/run/runSource';
import type { RunOptions, RunSummary } from '../../../lambdas/run/runSource';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import { committedRecords, readJson } from './runSource.fixtures';
import { noSecrets } from './runSource.secrets';

interface Row {
  id: number;
  seq: unknown;
}

/** An API of rows served `page_size` a page, in `order` of `id`, filtered by `since` (numerically) when sent. */
interface RowsApi {
  readonly url: string;
  rows: Row[];
  order: 'asc' | 'desc';
  pageSize: number;
  readonly requests: Array<Record<string, string>>;
  close(): Promise<void>;
}

async function startRowsApi(): Promise<RowsApi> {
  const api = { rows: [] as Row[], order: 'asc' as 'asc' | 'desc', pageSize: 5, requests: [] as Array<Record<string, string>> };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    api.requests.push(query);
    const since = query.since;
    const sorted = api.rows.filter((r) => since === undefined || r.id >= Number(since)).sort((a, b) => (api.order === 'asc' ? a.id - b.id : b.id - a.id));
    const page = Number(query.page ?? 0);
    const data = sorted.slice(page * api.pageSize, (page + 1) * api.pageSize);
    const more = (page + 1) * api.pageSize < sorted.length;
    const next = new URL(url);
    next.searchParams.set('page', String(page + 1));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data, next: more ? `${next.pathname}${next.search}` : null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(api, { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

/** Rows `from`..`to` with `seq` as a numeric string (as APIs that quote their ids send it). */
const rows = (from: number, to: number): Row[] => Array.from({ length: to - from + 1 }, (_, i) => ({ id: from + i, seq: String(from + i) }));

let api: RowsApi;
let dir: string;
let store: LocalStore;

beforeEach(async () => {
  api = await startRowsApi();
  dir = mkdtempSync(join(tmpdir(), 'sluice-cursors-'));
  store = new LocalStore(dir);
});
afterEach(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

function source(incremental: Record<string, unknown> = {}, endpoint: Record<string, unknown> = {}): ReturnType<typeof validateSource> {
  return validateSource({
    name: 'feed',
    client: { base_url: api.url, paginator: { type: 'json_link', next_url_path: 'next' } },
    resources: [
      {
        name: 'events',
        primary_key: 'id',
        endpoint: { path: 'events', data_selector: 'data', params: { since: '{incremental.start_value}' }, incremental: { cursor_path: 'seq', ...incremental }, ...endpoint },
      },
    ],
  });
}

const run = (src: ReturnType<typeof validateSource>, more: Partial<RunOptions> = {}): Promise<RunSummary> =>
  runSource({ source: src, store, secrets: noSecrets(), trigger: 'manual', ...more });

async function viewIds(): Promise<number[]> {
  return ((await committedRecords(store, '', 'feed')).events ?? []).map((r) => (r as Row).id);
}

async function committedEvents(): Promise<Manifest['resources'][string]['state']> {
  return (await readCommittedState(store, '', 'feed')).manifest?.resources.events?.state;
}

describe('typed cursors (issue 15, case 2)', () => {
  it('compares numeric string cursors as numbers: "20" is stored after "1".."20", and the next run loads the 5 new records', async () => {
    api.rows = rows(1, 20);
    await run(source());
    expect((await committedEvents())?.incremental).toMatchObject({ last_value: '20', cursor_type: 'number' });

    api.rows.push(...rows(21, 25));
    const second = await run(source());
    expect(api.requests[api.requests.length - 1].since).toBe('20');
    expect(second.resources.events.records).toBe(5);
    expect(await viewIds()).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('reads state written before cursor types were stored, inferring the type from the value', async () => {
    // 1..9 then 10..12: "10" < "9" as text, so a value read as text instead of as a number loses the new rows.
    api.rows = rows(1, 9);
    const first = await run(source());
    // As an older version wrote it: no cursor_type, in the commit (what the reader reads) and in its _manifests/ copy.
    expect(await store.list(commitsPrefix('', 'feed'))).toEqual([commitKey('', 'feed', 1)]);
    for (const key of [commitKey('', 'feed', 1), first.manifest_key as string]) {
      const manifest = await readJson<Manifest>(store, key);
      expect(manifest.resources.events.state?.incremental?.cursor_type).toBe('number');
      delete manifest.resources.events.state?.incremental?.cursor_type;
      await store.putBytes(key, `${JSON.stringify(manifest)}\n`, 'application/json');
    }
    expect((await committedEvents())?.incremental?.cursor_type).toBeUndefined();

    api.rows.push(...rows(10, 12));
    const second = await run(source());
    expect(api.requests[api.requests.length - 1].since).toBe('9');
    expect(second.resources.events.records).toBe(3);
    expect((await committedEvents())?.incremental).toMatchObject({ last_value: '12', cursor_type: 'number' });
    expect(await viewIds()).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('fails the run on a value of another type, naming the resource, the page, the record and the value; the state stays', async () => {
    api.rows = rows(1, 8);
    await run(source());
    api.rows.push({ id: 9, seq: '10' }, { id: 10, seq: true });
    const error = await run(source()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as RunFailedError).cause).toBeInstanceOf(CursorValueError);
    expect((error as Error).message).toContain('resource "events", page 0, record 2: cursor value true at cursor_path "seq" is not a number');
    expect((await committedEvents())?.incremental?.last_value).toBe('8');
  });

  it('refuses a backfill bound that is not of the cursor type before any request', async () => {
    api.rows = rows(1, 3);
    await run(source());
    api.requests.length = 0;
    const error = await run(source(), { from: 'lastweek' }).catch((e: unknown) => e);
    expect((error as RunFailedError).cause).toMatchObject({ code: 'cursor_bound_invalid', kind: 'input' });
    expect((error as Error).message).toContain('resource "events": from "lastweek" is not a number');
    expect(api.requests).toEqual([]);
  });
});

it('refuses a backfill bound of a child resource before its parent is requested', async () => {
  api.rows = rows(1, 3);
  const src = validateSource({
    name: 'feed',
    client: { base_url: api.url, paginator: { type: 'json_link', next_url_path: 'next' } },
    resources: [
      { name: 'events', endpoint: { path: 'events', data_selector: 'data' } },
      { name: 'notes', endpoint: { path: 'events/{resources.events.id}/notes', data_selector: 'data', incremental: { cursor_path: 'seq', initial_value: 0 } } },
    ],
  });
  const error = await run(src, { from: '2026-01-01' }).catch((e: unknown) => e);
  expect((error as Error).message).toContain('resource "notes": from "2026-01-01" is not a number');
  expect(api.requests).toEqual([]);
});

describe('truncation never skips data (issue 15, case 3)', () => {
  it('a desc API (newest first): --max-pages 2, then a full run loads every record', async () => {
    api.order = 'desc';
    api.rows = rows(1, 23);
    const cut = await run(source(), { maxPages: 2 });
    expect(cut.resources.events).toMatchObject({ records: 10, truncated: true });
    // The pages not read hold older values: the state must not jump to the newest.
    // It stays unset, with the identities of the 10 records written (so the full run does not write them again).
    const kept = (await committedEvents())?.incremental;
    expect(kept?.last_value).toBeUndefined();
    expect(kept?.ahead_keys).toHaveLength(10);

    const full = await run(source());
    expect(full.resources.events.records).toBe(13);
    // Each record once: not a set, the list itself.
    expect([...(await viewIds())].sort((a, b) => a - b)).toEqual(rows(1, 23).map((r) => r.id));
    expect((await committedEvents())?.incremental).toEqual({ last_value: '23', boundary_keys: ['23'], cursor_type: 'number' });
  });

  it('keeps the previous state of a truncated resource, and the next run reads from there', async () => {
    api.order = 'desc';
    api.rows = rows(1, 10);
    await run(source());
    api.rows.push(...rows(11, 23));
    await run(source(), { maxPages: 1 });
    expect((await committedEvents())?.incremental?.last_value).toBe('10');
    await run(source());
    expect([...(await viewIds())].sort((a, b) => a - b)).toEqual(rows(1, 23).map((r) => r.id));
    expect((await committedEvents())?.incremental?.last_value).toBe('23');
  });

  it('with row_order "asc", a truncated run moves the state to the highest value read, and nothing is read twice', async () => {
    api.rows = rows(1, 23);
    await run(source({ row_order: 'asc' }), { maxPages: 2 });
    expect((await committedEvents())?.incremental?.last_value).toBe('10');
    const rest = await run(source({ row_order: 'asc' }));
    expect(rest.resources.events.records).toBe(13);
    expect(await viewIds()).toEqual(rows(1, 23).map((r) => r.id));
  });
});

describe('incremental options (issue 14)', () => {
  it('end_value: a stateless window [initial_value, end_value), loaded whole by every run; the stored state does not move', async () => {
    api.rows = rows(1, 23);
    await run(source());
    const before = await committedEvents();
    const windowed = source({ initial_value: '5', end_value: '15' });
    for (let i = 0; i < 2; i++) {
      api.requests.length = 0;
      const summary = await run(windowed);
      expect(api.requests[0].since).toBe('5');
      expect(summary.resources.events.records).toBe(10);
    }
    expect(await committedEvents()).toEqual(before);
  });

  it('range_end "closed" includes end_value; range_start "open" excludes the start value', async () => {
    api.rows = rows(1, 23);
    const summary = await run(source({ initial_value: 5, end_value: 15, range_start: 'open', range_end: 'closed' }));
    const view = await viewIds();
    expect(summary.resources.events.records).toBe(10);
    expect([Math.min(...view), Math.max(...view)]).toEqual([6, 15]);
  });

  it('row_order "desc": pages are no longer requested once values go below the start', async () => {
    api.order = 'desc';
    api.rows = rows(1, 18);
    // An API without a start filter: every run pages back through everything unless told the order.
    const unfiltered = { params: {} };
    await run(source({}, unfiltered));
    api.rows.push(...rows(19, 23));

    api.requests.length = 0;
    const ordered = await run(source({ row_order: 'desc' }, unfiltered));
    expect(ordered.resources.events.records).toBe(5);
    // page 0: 23..19, page 1: 18..14 (18 is at the boundary, 17 below it): no page 2.
    expect(api.requests.map((q) => q.page ?? '0')).toEqual(['0', '1']);
    expect(await viewIds()).toHaveLength(23);
  });

  it('convert (a TypeScript source): the start and end values go out converted, the window compares the values as read', async () => {
    api.rows = rows(1, 23);
    const summary = await run(source({ initial_value: '5', end_value: '15', convert: (v: unknown) => Number(v) - 2 }));
    expect(api.requests[0].since).toBe('3');
    expect(summary.resources.events.records).toBe(10);
  });

  it('row_order "asc": pages are no longer requested once values reach end_value', async () => {
    api.rows = rows(1, 23);
    const summary = await run(source({ initial_value: 1, end_value: 8, row_order: 'asc' }));
    expect(summary.resources.events.records).toBe(7);
    // page 0: 1..5, page 1: 6..10 (8 is past the end): no page 2.
    expect(api.requests.map((q) => q.page ?? '0')).toEqual(['0', '1']);
  });
});
