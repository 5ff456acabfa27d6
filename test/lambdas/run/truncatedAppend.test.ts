/**
 * A truncated `append` run and the run after it (issue 15, "Truncation never
 * skips data", and the committed view's "nothing doubled"): the truncated run
 * keeps its previous state, so the next run reads its records again; they must
 * be in the committed view once. A real loopback API, runs into a local folder,
 * the view read through the engine's reader.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeState } from '../../../bin/cli/commands/state';
import { readCommittedState } from '../../../lambdas/commit/committedState';
import type { IncrementalState } from '../../../lambdas/commit/manifest';
import { readCommittedView, readTable } from '../../../lambdas/commit/readCommittedView';
import { validateSource } from '../../../lambdas/config/validateSource';
import { AheadKeysLimitError } from '../../../lambdas/errors/AheadKeysLimitError';
import { RunFailedError } from '../../../lambdas/errors/RunFailedError';
import { MAX_AHEAD_KEYS } from '../../../lambdas/run/aheadKeys';
import { runSource } from '../../../lambdas/run/runSource';
import type { RunOptions, RunSummary } from '../../../lambdas/run/runSource';
import { changeState } from '../../../lambdas/run/stateChange';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import { cursorValue, startCursorFeedApi } from '../../support/cursorFeedApi';
import type { CursorFeedApi, FeedRecord } from '../../support/cursorFeedApi';
import { makeComments, makeItems, runInvocations, startItemsApi } from './runSource.fixtures';
import type { ItemsApi } from './runSource.fixtures';
import { noSecrets } from './runSource.secrets';

let api: CursorFeedApi;
let dir: string;
let store: LocalStore;

beforeAll(async () => {
  api = await startCursorFeedApi();
});
afterAll(() => api.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-truncated-'));
  store = new LocalStore(dir);
  api.cursorType = 'number';
  api.order = 'asc';
  api.pageSize = 1;
  api.requests.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const record = (id: number, tick: number, v = 1): FeedRecord => ({ id, cur: cursorValue(api.cursorType, tick), v, body: `record ${id} version ${v}` });

function source(resource: Record<string, unknown> = {}, incremental: Record<string, unknown> = {}): ReturnType<typeof validateSource> {
  return validateSource({
    name: 'feed',
    client: { base_url: api.url, paginator: { type: 'json_link', next_url_path: 'next' } },
    resources: [
      {
        name: 'events',
        endpoint: { path: 'feed', data_selector: 'data', params: { since: '{incremental.start_value}' }, incremental: { cursor_path: 'cur', ...incremental } },
        ...resource,
      },
    ],
  });
}

const run = (src: ReturnType<typeof validateSource>, more: Partial<RunOptions> = {}): Promise<RunSummary> =>
  runSource({ source: src, store, secrets: noSecrets(), trigger: 'manual', ...more });

/** The committed view of `events` as the engine reads it (what `sluice query` sees), as JSON lines in order. */
async function view(): Promise<string[]> {
  const table = (await readCommittedView(store, '', 'feed')).tables.find((t) => t.resource === 'events');
  return table ? (await readTable(store, table)).map((r) => JSON.stringify(r)) : [];
}

async function state(): Promise<IncrementalState | undefined> {
  return (await readCommittedState(store, '', 'feed')).manifest?.resources.events?.state?.incremental;
}

const lines = (...records: FeedRecord[]): string[] => records.map((r) => JSON.stringify(r));

describe('a truncated append run, then a full run', () => {
  it('commits each record once: number cursor, asc API without row_order, page size 1, no primary key, --max-pages 1', async () => {
    // The shrunk counterexample of the committed-view property: id 1 was in the view twice.
    api.records = [record(1, 0), record(2, 0)];
    const cut = await run(source(), { maxPages: 1 });
    expect(cut.resources.events).toMatchObject({ records: 1, truncated: true });
    expect(await view()).toEqual(lines(record(1, 0)));

    const full = await run(source());
    expect(full.resources.events.records).toBe(1);
    expect(await view()).toEqual(lines(record(1, 0), record(2, 0)));
    // The full run read its whole window: the state moved and the ahead keys are gone.
    expect(await state()).toEqual({ last_value: 0, boundary_keys: expect.any(Array) as string[], cursor_type: 'number' });
    expect((await state())?.boundary_keys).toHaveLength(2);

    // And a rerun adds nothing.
    await run(source());
    expect(await view()).toEqual(lines(record(1, 0), record(2, 0)));
  });

  it('keeps the records above a committed state out of the next run, for a desc API, across two truncated runs', async () => {
    api.order = 'desc';
    api.pageSize = 2;
    api.records = [1, 2, 3].map((i) => record(i, i));
    await run(source({ primary_key: 'id' }));
    api.records.push(...[4, 5, 6, 7, 8].map((i) => record(i, i)));

    await run(source({ primary_key: 'id' }), { maxPages: 1 });
    expect(await state()).toMatchObject({ last_value: 3, ahead_keys: expect.any(Array) as string[] });
    expect((await state())?.ahead_keys).toHaveLength(2);
    // sluice state says so.
    expect(describeState({ incremental: await state() })).toBe('cursor 3 (1 record at the boundary), 2 records committed above it by a truncated run');
    await run(source({ primary_key: 'id' }), { maxPages: 2 });
    // 8 and 7 dropped (committed already), 6 and 5 written; the set holds all four.
    expect((await state())?.ahead_keys).toHaveLength(4);
    expect([...(await view())].sort()).toEqual(lines(...[1, 2, 3, 5, 6, 7, 8].map((i) => record(i, i))).sort());

    const full = await run(source({ primary_key: 'id' }));
    expect(full.resources.events.records).toBe(1);
    expect([...(await view())].sort()).toEqual(lines(...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => record(i, i))).sort());
    expect(await state()).toEqual({ last_value: 8, boundary_keys: ['8'], cursor_type: 'number' });
  });

  it('writes a new version of a record committed above the state: its cursor moved, so it is not the version in the view', async () => {
    api.order = 'desc';
    api.records = [record(1, 1), record(2, 2)];
    await run(source({ primary_key: 'id' }), { maxPages: 1 });
    expect(await view()).toEqual(lines(record(2, 2)));
    api.records[1] = record(2, 5, 2);

    await run(source({ primary_key: 'id' }));
    expect([...(await view())].sort()).toEqual(lines(record(1, 1), record(2, 2), record(2, 5, 2)).sort());
  });

  it('compares the cursor as its type: a date-time re-read written with another offset is the same record', async () => {
    api.cursorType = 'datetime';
    api.order = 'desc';
    const at = (id: number, tick: number, variant: number): FeedRecord => ({ id, cur: cursorValue('datetime', tick, variant), v: 1, body: `record ${id}` });
    api.records = [at(1, 1, 0), at(2, 2, 0)];
    await run(source({ primary_key: 'id' }), { maxPages: 1 });
    // The API now writes the same instant as +02:00: with a primary key, it is still record 2 at that instant.
    api.records = [at(1, 1, 0), at(2, 2, 1)];
    await run(source({ primary_key: 'id' }));
    expect([...(await view())].sort()).toEqual(lines(at(1, 1, 0), at(2, 2, 0)).sort());
  });

  it('keeps the ahead keys through a continuation of the truncated run', async () => {
    api.order = 'desc';
    api.records = [1, 2, 3, 4, 5].map((i) => record(i, i));
    // One page per invocation: the truncated run checkpoints twice with ahead keys in its checkpoint.
    const summaries = await runInvocations({ source: source(), secrets: noSecrets(), trigger: 'manual', maxPages: 3 }, store, 1);
    expect(summaries.map((s) => s.status)).toEqual(['continued', 'continued', 'succeeded']);
    expect((await state())?.ahead_keys).toHaveLength(3);

    await run(source());
    expect([...(await view())].sort()).toEqual(lines(...[1, 2, 3, 4, 5].map((i) => record(i, i))).sort());
  });

  it('fails the truncated run, committing nothing, when the ahead keys would pass their limit', async () => {
    api.order = 'desc';
    api.pageSize = MAX_AHEAD_KEYS / 2 + 1;
    api.records = Array.from({ length: MAX_AHEAD_KEYS + 3 }, (_, i) => record(i + 1, i + 1));
    const error = await run(source(), { maxPages: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    const cause = (error as RunFailedError).cause as AheadKeysLimitError;
    expect(cause).toBeInstanceOf(AheadKeysLimitError);
    expect(cause).toMatchObject({ code: 'ahead_keys_limit', kind: 'run', resource: 'events', count: MAX_AHEAD_KEYS + 1 });
    expect(cause.message).toContain('resource "events" was cut short by max_pages');
    expect(cause.hint).toContain('without max_pages');
    expect((await readCommittedState(store, '', 'feed')).seq).toBe(0);
    expect(await view()).toEqual([]);
  });

  it('keeps no ahead keys for replace and merge: their view holds one copy of each record anyway', async () => {
    api.order = 'desc';
    api.records = [record(1, 1), record(2, 2)];
    for (const disposition of ['replace', 'merge']) {
      rmSync(dir, { recursive: true, force: true });
      await run(source({ primary_key: 'id', write_disposition: disposition }), { maxPages: 1 });
      expect((await state())?.ahead_keys).toBeUndefined();
      await run(source({ primary_key: 'id', write_disposition: disposition }));
      expect([...(await view())].sort()).toEqual(lines(record(1, 1), record(2, 2)).sort());
    }
  });

  it('sluice state --reset and --set clear the ahead keys with the state they belong to', async () => {
    api.order = 'desc';
    api.records = [record(1, 1), record(2, 2)];
    const src = source();
    await run(src, { maxPages: 1 });
    expect((await state())?.ahead_keys).toHaveLength(1);
    await changeState(store, '', src, { set: { events: '1' } });
    expect(await state()).toEqual({ last_value: 1, boundary_keys: [], cursor_type: 'number' });
    await run(src, { maxPages: 1 });
    expect((await state())?.ahead_keys).toHaveLength(1);
    await changeState(store, '', src, { reset: {} });
    expect(await state()).toBeUndefined();
  });
});

describe('a truncated child resource (a cursor per parent record)', () => {
  let items: ItemsApi;
  beforeAll(async () => {
    items = await startItemsApi();
    items.items = makeItems(2);
    items.comments = makeComments([1, 2], 5);
  });
  afterAll(() => items.close());

  it('commits each comment once: --max-pages 1, then a full run', async () => {
    const src = validateSource({
      name: 'feed',
      client: { base_url: items.url, paginator: { type: 'offset', limit: 2 } },
      resources: [
        { name: 'items', endpoint: { path: 'items', data_selector: 'data' } },
        {
          name: 'comments',
          endpoint: { path: 'items/{resources.items.id}/comments', data_selector: 'data', params: { since: '{incremental.start_value}' }, incremental: { cursor_path: 'created_at' } },
        },
      ],
    });
    await run(src, { maxPages: 1 });
    await run(src);
    const table = (await readCommittedView(store, '', 'feed')).tables.find((t) => t.resource === 'comments');
    const ids = (await readTable(store, table as NonNullable<typeof table>)).map((c) => (c as { id: number }).id);
    expect([...ids].sort((a, b) => a - b)).toEqual(items.comments.map((c) => c.id).sort((a, b) => a - b));
  });
});
