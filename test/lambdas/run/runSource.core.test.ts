import type { Manifest } from '../../../lambdas/commit/manifest';
import { gunzipSync } from 'node:zlib';
import { validateSource } from '../../../lambdas/config/validateSource';
import { RunFailedError } from '../../../lambdas/errors/RunFailedError';
import { runSource } from '../../../lambdas/run/runSource';
import type { RunOptions } from '../../../lambdas/run/runSource';
import { addSecret, clearSecrets } from '../../../lambdas/secrets/Redactor';
import { S3Store } from '../../../lambdas/sink/S3Store';
import { createTestBucket, testS3Client } from '../../support/aws';
import { committedRecords, itemsResource, makeComments, makeItems, readJson, readPart, startItemsApi } from './runSource.fixtures';
import type { ItemsApi } from './runSource.fixtures';
import { noSecrets } from './runSource.secrets';

let api: ItemsApi;
let store: S3Store;

function itemsSource(extra: Record<string, unknown> = {}): ReturnType<typeof validateSource> {
  return validateSource({
    name: 'acme',
    client: { base_url: api.url, paginator: { type: 'offset', limit: 2 } },
    resources: [itemsResource({ initial_value: '2026-01-01T00:00:00Z' })],
    run: { part_max_records: 3 },
    ...extra,
  });
}

function options(source: ReturnType<typeof validateSource>, more: Partial<RunOptions> = {}): RunOptions {
  return { source, store, secrets: noSecrets(), trigger: 'manual', now: () => new Date('2026-11-29T02:00:00.123Z'), ...more };
}

beforeEach(async () => {
  api = await startItemsApi();
  store = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
});
afterEach(async () => {
  await api.close();
  clearSecrets();
});

describe('runSource', () => {
  it('writes gzip JSON Lines part files and a manifest with every contract field', async () => {
    api.items = makeItems(7);
    const summary = await runSource(options(itemsSource(), { prefix: 'raw' }));

    expect(summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 7, pages: 4, files: 3 } } });
    expect(summary.run_id).toMatch(/^20261129T020000Z-[0-9a-f]{8}$/);
    expect(summary.manifest_key).toBe(`raw/acme/_manifests/${summary.run_id}.json`);
    const manifest = await readJson<Manifest>(store, summary.manifest_key as string);
    expect(manifest).toMatchObject({
      run_id: summary.run_id,
      source: 'acme',
      status: 'succeeded',
      trigger: 'manual',
      seq: 1,
      format: 'jsonl.gz',
      started_at: '2026-11-29T02:00:00.123Z',
      resources: { items: { records: 7, pages: 4, state: { incremental: { last_value: '2026-01-01T00:07:00Z', boundary_keys: ['7'] } } } },
    });
    expect(typeof manifest.sluice_version).toBe('string');
    expect(manifest.finished_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const files = manifest.resources.items.files as Array<{ key: string; records: number; bytes: number; sha256: string }>;
    expect(files.map((f) => f.key)).toEqual([0, 1, 2].map((n) => `raw/acme/items/dt=2026-11-29/${summary.run_id}/part-0000${n}.jsonl.gz`));
    expect(files.map((f) => f.records)).toEqual([3, 3, 1]);
    const body = (await store.get(files[0].key)) as Buffer;
    expect(files[0].bytes).toBe(body.length);
    expect(gunzipSync(body).toString().split('\n').filter(Boolean).map((l) => JSON.parse(l))).toEqual(api.items.slice(0, 3));
  });

  it('fetches only new records on the incremental rerun, without a duplicate at the boundary', async () => {
    api.items = makeItems(5);
    await runSource(options(itemsSource()));
    api.items.push(...makeItems(3, 6));
    api.requests.length = 0;
    const second = await runSource(options(itemsSource()));

    expect(api.requests[0].query.since).toBe('2026-01-01T00:05:00Z');
    expect(second.resources.items.records).toBe(3);
    const view = await committedRecords(store, '', 'acme');
    expect((view.items as Array<{ id: number }>).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const manifest = await readJson<Manifest>(store, second.manifest_key as string);
    expect(manifest.seq).toBe(2);
    expect(manifest.resources.items.state?.incremental).toEqual({ last_value: '2026-01-01T00:08:00Z', boundary_keys: ['8'], cursor_type: 'datetime' });
  });

  it('writes nothing and moves no state when rerun with no new records', async () => {
    api.items = makeItems(4);
    await runSource(options(itemsSource()));
    const again = await runSource(options(itemsSource()));
    expect(again.resources.items).toMatchObject({ records: 0, files: 0 });
    const manifest = await readJson<Manifest>(store, again.manifest_key as string);
    expect(manifest.resources.items.state?.incremental).toEqual({ last_value: '2026-01-01T00:04:00Z', boundary_keys: ['4'], cursor_type: 'datetime' });
  });

  it('runs a backfill window of its own and carries the stored state forward unchanged', async () => {
    api.items = makeItems(6);
    await runSource(options(itemsSource()));
    api.requests.length = 0;
    const backfill = await runSource(options(itemsSource(), { from: '2026-01-01T00:02:00Z', to: '2026-01-01T00:04:00Z' }));

    expect(api.requests[0].query.since).toBe('2026-01-01T00:02:00Z');
    expect(backfill.resources.items.records).toBe(2);
    const manifest = await readJson<Manifest>(store, backfill.manifest_key as string);
    expect(manifest.window).toEqual({ from: '2026-01-01T00:02:00Z', to: '2026-01-01T00:04:00Z' });
    expect(manifest.resources.items.state?.incremental?.last_value).toBe('2026-01-01T00:06:00Z');
    api.items.push(...makeItems(1, 7));
    api.requests.length = 0;
    await runSource(options(itemsSource()));
    expect(api.requests[0].query.since).toBe('2026-01-01T00:06:00Z');
  });

  it('re-reads the lag window on purpose, without dropping boundary records', async () => {
    const lagged = (): ReturnType<typeof validateSource> =>
      itemsSource({ resources: [itemsResource({ initial_value: '2026-01-01T00:00:00Z', lag: 120 })] });
    api.items = makeItems(5);
    await runSource(options(lagged()));
    api.requests.length = 0;
    const second = await runSource(options(lagged()));
    expect(api.requests[0].query.since).toBe('2026-01-01T00:03:00Z');
    expect(second.resources.items.records).toBe(3);
  });

  it('runs a child once per parent record with include_from_parent and per-parent cursors', async () => {
    api.items = makeItems(3);
    api.comments = makeComments([1, 2, 3], 2);
    const source = (): ReturnType<typeof validateSource> =>
      itemsSource({
        resources: [
          { name: 'items', primary_key: 'id', endpoint: { path: 'items', data_selector: 'data' } },
          {
            name: 'comments',
            primary_key: 'id',
            include_from_parent: ['id', 'title'],
            endpoint: {
              path: 'items/{resources.items.id}/comments',
              data_selector: 'data',
              params: { since: '{incremental.start_value}' },
              incremental: { cursor_path: 'created_at', initial_value: '2026-01-01T00:00:00Z' },
            },
          },
        ],
      });
    const first = await runSource(options(source()));
    expect(first.resources).toMatchObject({ items: { records: 3 }, comments: { records: 6 } });
    const manifest = await readJson<Manifest>(store, first.manifest_key as string);
    const comments = await readPart(store, manifest.resources.comments.files[0].key);
    expect(comments[0]).toEqual({ ...api.comments[0], _items_id: 1, _items_title: 'item 1' });
    expect(manifest.resources.comments.state?.per_parent).toEqual({
      '1': { last_value: '2026-01-01T01:42:00Z', boundary_keys: ['1002'], cursor_type: 'datetime' },
      '2': { last_value: '2026-01-01T03:22:00Z', boundary_keys: ['2002'], cursor_type: 'datetime' },
      '3': { last_value: '2026-01-01T05:02:00Z', boundary_keys: ['3002'], cursor_type: 'datetime' },
    });

    api.comments.push(...makeComments([2], 1, 3));
    api.requests.length = 0;
    const second = await runSource(options(source()));
    const sinceByItem = Object.fromEntries(api.requests.filter((r) => r.path.endsWith('/comments')).map((r) => [r.path, r.query.since]));
    expect(sinceByItem).toEqual({
      '/items/1/comments': '2026-01-01T01:42:00Z',
      '/items/2/comments': '2026-01-01T03:22:00Z',
      '/items/3/comments': '2026-01-01T05:02:00Z',
    });
    expect(second.resources.comments.records).toBe(1);
    const view = await committedRecords(store, '', 'acme');
    expect(view.comments).toHaveLength(7);
  });

  it('fetches an unselected parent for its children without writing or listing it', async () => {
    api.items = makeItems(2);
    api.comments = makeComments([1, 2], 1);
    const source = itemsSource({
      resources: [
        { name: 'items', endpoint: { path: 'items', data_selector: 'data' } },
        { name: 'comments', endpoint: { path: 'items/{resources.items.id}/comments', data_selector: 'data' } },
      ],
    });
    const summary = await runSource(options(source, { resources: ['comments'] }));
    expect(Object.keys(summary.resources)).toEqual(['comments']);
    expect(summary.resources.comments.records).toBe(2);
    const keys = await store.list('acme/');
    expect(keys.filter((k) => k.includes('/items/'))).toEqual([]);
    expect(keys.filter((k) => k.includes('_work/'))).toEqual([]);
  });

  it("records each resource's write hints in every manifest and writes under table_name", async () => {
    api.items = makeItems(2);
    api.comments = makeComments([1, 2], 1);
    const source = itemsSource({
      resources: [
        { ...itemsResource({ initial_value: '2026-01-01T00:00:00Z' }), write_disposition: { disposition: 'merge' }, merge_key: 'title' },
        { name: 'comments', table_name: 'item_comments', write_disposition: 'replace', endpoint: { path: 'items/{resources.items.id}/comments', data_selector: 'data' } },
      ],
    });
    const first = await runSource(options(source));
    const manifest = await readJson<Manifest>(store, first.manifest_key as string);
    expect(manifest.resources.items).toMatchObject({ write_disposition: 'merge', table_name: 'items', primary_key: ['id'], merge_key: ['title'], written: true });
    expect(manifest.resources.comments).toMatchObject({ write_disposition: 'replace', table_name: 'item_comments', written: true });
    expect(manifest.resources.comments.files.map((f) => f.key)).toEqual([`acme/item_comments/dt=2026-11-29/${first.run_id}/part-00000.jsonl.gz`]);

    // A run of comments only carries items' state over: listed, but not as written in that run.
    const second = await runSource(options(source, { resources: ['comments'] }));
    const carried = await readJson<Manifest>(store, second.manifest_key as string);
    expect(carried.resources.items).toEqual({
      records: 0,
      pages: 0,
      files: [],
      state: manifest.resources.items.state,
      write_disposition: 'merge',
      table_name: 'items',
      primary_key: ['id'],
      merge_key: ['title'],
      written: false,
      redacted_values: 0,
    });
    expect(carried.resources.comments).toMatchObject({ write_disposition: 'replace', written: true });
  });

  it('marks a resource truncated when max_pages ends it, and still succeeds', async () => {
    api.items = makeItems(9);
    const summary = await runSource(options(itemsSource(), { maxPages: 2 }));
    expect(summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 4, pages: 2, truncated: true } } });
    const manifest = await readJson<Manifest>(store, summary.manifest_key as string);
    expect(manifest.resources.items.truncated).toBe(true);
  });

  it('replaces a resolved secret echoed in a record with ***', async () => {
    addSecret('sk_test_echoed_value');
    api.items = [{ id: 1, updated_at: '2026-01-01T00:01:00Z', title: 'see https://x/?key=sk_test_echoed_value' }];
    const summary = await runSource(options(itemsSource()));
    const view = await committedRecords(store, '', 'acme');
    expect(view.items).toEqual([{ id: 1, updated_at: '2026-01-01T00:01:00Z', title: 'see https://x/?key=***' }]);
    expect(summary.status).toBe('succeeded');
  });

  it('replaces a secret that JSON escapes (quotes, backslashes) in a record, and leaves clean records as they are', async () => {
    addSecret('pa"ss\\word-42');
    api.items = [
      { id: 1, updated_at: '2026-01-01T00:01:00Z', title: 'token pa"ss\\word-42 here' },
      { id: 2, updated_at: '2026-01-01T00:02:00Z', title: 'nothing to see' },
    ];
    await runSource(options(itemsSource()));
    const view = await committedRecords(store, '', 'acme');
    expect(view.items).toEqual([
      { id: 1, updated_at: '2026-01-01T00:01:00Z', title: 'token *** here' },
      { id: 2, updated_at: '2026-01-01T00:02:00Z', title: 'nothing to see' },
    ]);
  });

  it('counts a dry run without writing anything', async () => {
    api.items = makeItems(5);
    const summary = await runSource(options(itemsSource(), { dryRun: true }));
    expect(summary).toMatchObject({ status: 'succeeded', dry_run: true, resources: { items: { records: 5, files: 0 } } });
    expect(summary.manifest_key).toBeUndefined();
    expect(await store.list('')).toEqual([]);
  });

  it('writes a failed manifest with the state unmoved and throws RunFailedError when the API fails', async () => {
    api.items = makeItems(3);
    await runSource(options(itemsSource()));
    const broken = itemsSource({ client: { base_url: api.url, paginator: { type: 'offset', limit: 2 }, retries: { limit: 0 } } });
    const failing = validateSource({ ...(broken.definition as object), resources: [{ name: 'items', endpoint: { path: 'missing', data_selector: 'data' } }] });
    const error = await runSource(options(failing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    const summary = (error as RunFailedError).summary;
    expect(summary.status).toBe('failed');
    const manifest = await readJson<Manifest>(store, summary.manifest_key as string);
    expect(manifest).toMatchObject({ status: 'failed', seq: 2 });
    expect(manifest.error).toMatch(/404/);
    // One line of JSON, like a succeeded manifest: Athena's JSON SerDe reads one object per line.
    const text = ((await store.get(summary.manifest_key as string)) as Buffer).toString('utf8');
    expect(text).toBe(`${JSON.stringify(manifest)}\n`);
    const next = await runSource(options(itemsSource()));
    const nextManifest = await readJson<Manifest>(store, next.manifest_key as string);
    expect(nextManifest.seq).toBe(2);
  });
});
