import { gzipSync } from 'node:zlib';
import { commitKey } from '../../../lambdas/commit/layout';
import { StorageError } from '../../../lambdas/errors/StorageError';
import { runSource } from '../../../lambdas/run/runSource';
import type { Manifest, ResourceManifest } from '../../../lambdas/commit/manifest';
import { readCommittedView, readTable, wroteResource } from '../../../lambdas/commit/readCommittedView';
import type { CommittedTable } from '../../../lambdas/commit/readCommittedView';
import type { ObjectStore } from '../../../lambdas/sink/ObjectStore';
import { startItemsApi } from '../run/runSource.fixtures';
import type { ItemsApi } from '../run/runSource.fixtures';
import { noSecrets } from '../run/runSource.secrets';
import { STORES } from '../sink/storeFixtures';
import { validateSource } from '../../../lambdas/config/validateSource';
import { dispositionSource, item, runDispositionScenario } from './dispositionScenario';
import type { Item } from '../run/runSource.fixtures';

let api: ItemsApi;
beforeEach(async () => {
  api = await startItemsApi();
});
afterEach(async () => {
  await api.close();
});

/** `store`, except that a manifest's copy to `_manifests/` never lands: what a process that dies right after its commit leaves. */
function withoutManifestCopy(store: ObjectStore): ObjectStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'putBytes') {
        return (key: string, body: Uint8Array | string, contentType: string): Promise<void> =>
          key.includes('/_manifests/') ? Promise.reject(new Error('the process died before the copy')) : target.putBytes(key, body, contentType);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function tableOf(view: { tables: readonly CommittedTable[] }, name: string): CommittedTable {
  const table = view.tables.find((t) => t.table === name);
  if (!table) throw new Error(`no table ${name} in ${view.tables.map((t) => t.table).join(', ')}`);
  return table;
}

describe.each(STORES)('readCommittedView over %s', (_name, factory) => {
  let store: ObjectStore;
  beforeEach(async () => {
    ({ store } = await factory.create());
  });

  it('applies each write disposition across runs, a failed run, a run of other resources and a state change', async () => {
    const expected = await runDispositionScenario(api, store, 'raw');
    const view = await readCommittedView(store, 'raw', 'acme');

    expect(view.seq).toBe(4);
    expect(view.tables.map((t) => [t.resource, t.table, t.writeDisposition])).toEqual([
      ['appended', 'appended', 'append'],
      ['replaced', 'current_items', 'replace'],
      ['merged', 'merged', 'merge'],
      ['cursor', 'cursor', 'append'],
    ]);
    expect(await readTable(store, tableOf(view, 'appended'))).toEqual(expected.appended);
    // The latest run that wrote it is seq 2: seq 3 ran other resources, seq 4 changed state only.
    expect(tableOf(view, 'current_items').seq).toBe(2);
    expect(await readTable(store, tableOf(view, 'current_items'))).toEqual(expected.current_items);
    expect(await readTable(store, tableOf(view, 'merged'))).toEqual(expected.merged);
    // Seq 3's two versions of item 5 are in parts of their own, the later one in the later part.
    expect(tableOf(view, 'merged').files.filter((f) => f.seq === 3).map((f) => f.records)).toEqual([2, 1]);

    // The failed run's part files are in the store, and none of them is read.
    const stored = (await store.list('raw/acme/')).filter((k) => k.endsWith('.jsonl.gz'));
    const listed = new Set(view.tables.flatMap((t) => t.files.map((f) => f.key)));
    expect(stored.filter((k) => !listed.has(k)).length).toBeGreaterThan(0);
    for (const table of view.tables) {
      const ids = (await readTable(store, table)).map((r) => (r as { id: number }).id);
      expect(ids).not.toContain(expected.failed[0].id);
    }
  });

  it('empties a replace table when the latest run that wrote it found no records', async () => {
    await runDispositionScenario(api, store);
    api.items = [];
    await runSource({ source: dispositionSource(api), store, secrets: noSecrets(), trigger: 'manual', resources: ['replaced'] });
    const view = await readCommittedView(store, '', 'acme');
    expect(tableOf(view, 'current_items')).toMatchObject({ seq: 5, files: [] });
    expect(await readTable(store, tableOf(view, 'current_items'))).toEqual([]);
  });

  describe('merge with a merge_key (dlt delete-insert)', () => {
    /** An item of a daily batch; `day: null` is a record without a merge_key value. */
    const batch = (id: number, minute: number, day: string | null, title = `item ${id}`): Item => ({ ...item(id, minute, title), day }) as Item;
    const source = (incremental?: Record<string, unknown>) =>
      validateSource({
        name: 'acme',
        client: { base_url: api.url, paginator: { type: 'offset', limit: 2 } },
        resources: [
          {
            name: 'batched',
            primary_key: 'id',
            merge_key: 'day',
            write_disposition: { disposition: 'merge', strategy: 'delete-insert' },
            endpoint: incremental ? { path: 'items', data_selector: 'data', params: { since: '{incremental.start_value}' }, incremental } : { path: 'items', data_selector: 'data' },
          },
        ],
      });
    const run = async (items: Item[], incremental?: Record<string, unknown>): Promise<unknown[]> => {
      api.items = items;
      await runSource({ source: source(incremental), store, secrets: noSecrets(), trigger: 'manual' });
      return readTable(store, tableOf(await readCommittedView(store, '', 'acme'), 'batched'));
    };
    const ids = (records: unknown[]): number[] => records.map((r) => (r as Item).id);

    it('replaces every earlier record of each merge_key value a run holds, keeps the values it does not hold, and never matches a missing value', async () => {
      expect(ids(await run([batch(1, 1, 'd1'), batch(2, 2, 'd1'), batch(3, 3, 'd2'), batch(6, 6, null)]))).toEqual([1, 2, 3, 6]);
      // Day 1 again, without item 1: item 1 goes, as dlt's delete by merge_key drops it; day 2 and the null stay.
      const second = await run([batch(2, 7, 'd1', 'two, edited'), batch(4, 8, 'd1')]);
      expect(second).toEqual([batch(3, 3, 'd2'), batch(6, 6, null), batch(2, 7, 'd1', 'two, edited'), batch(4, 8, 'd1')]);
      // Item 3 moves to day 1 (replaced by its primary key as well), day 3 is new, a second null replaces nothing.
      const third = await run([batch(3, 9, 'd1'), batch(5, 10, 'd3'), batch(7, 11, null)]);
      expect(third).toEqual([batch(6, 6, null), batch(3, 9, 'd1'), batch(5, 10, 'd3'), batch(7, 11, null)]);
      expect(tableOf(await readCommittedView(store, '', 'acme'), 'batched').mergeKey).toEqual(['day']);
    });

    it('writes the records at the incremental boundary again, so a merge_key value the next run holds keeps them', async () => {
      const incremental = { cursor_path: 'updated_at', initial_value: '2026-01-01T00:00:00Z' };
      expect(ids(await run([batch(1, 1, 'd1'), batch(2, 2, 'd1')], incremental))).toEqual([1, 2]);
      // The API answers from the boundary (minute 2) inclusively: item 2 comes back with the new item 3 of the same day.
      // Dropped as already written, item 2 would be deleted by day 1 and never written again.
      expect(ids(await run([batch(1, 1, 'd1'), batch(2, 2, 'd1'), batch(3, 3, 'd1')], incremental))).toEqual([2, 3]);
    });
  });

  it('shows a committed run whose _manifests/ copy was never written (the process died between the commit and the copy)', async () => {
    await runDispositionScenario(api, store);
    const before = await readTable(store, tableOf(await readCommittedView(store, '', 'acme'), 'current_items'));
    api.items = [item(9, 90, 'after the crash')];
    const summary = await runSource({ source: dispositionSource(api), store: withoutManifestCopy(store), secrets: noSecrets(), trigger: 'manual', resources: ['replaced'] });
    expect(summary.status).toBe('succeeded');
    // Only the commit holds this run: no copy in _manifests/.
    expect(await store.get(`acme/_manifests/${summary.run_id}.json`)).toBeUndefined();
    expect(await store.get(commitKey('', 'acme', 5))).toBeDefined();

    const view = await readCommittedView(store, '', 'acme');
    expect(view.seq).toBe(5);
    expect(tableOf(view, 'current_items')).toMatchObject({ seq: 5 });
    expect(await readTable(store, tableOf(view, 'current_items'))).toEqual([item(9, 90, 'after the crash')]);
    expect(before).not.toEqual([item(9, 90, 'after the crash')]);
  });

  it('refuses a committed file that is not the one its manifest lists', async () => {
    const expected = await runDispositionScenario(api, store);
    const table = tableOf(await readCommittedView(store, '', 'acme'), 'current_items');
    await store.putBytes(table.files[0].key, gzipSync(`${JSON.stringify(expected.failed[0])}\n`), 'application/gzip');
    await expect(readTable(store, table)).rejects.toThrow(StorageError);
    await expect(readTable(store, table)).rejects.toThrow(/is not the one run .* committed/);
  });
});

describe('wroteResource', () => {
  const entry = (extra: Partial<ResourceManifest> = {}): ResourceManifest => ({ records: 0, pages: 0, files: [], ...extra });
  const manifest = (trigger: Manifest['trigger']): Manifest => ({ trigger } as Manifest);

  it('counts a run that wrote the resource, zero records included, and never a state change', () => {
    expect(wroteResource(manifest('schedule'), entry({ written: true }))).toBe(true);
    expect(wroteResource(manifest('schedule'), entry({ written: false, state: {} }))).toBe(false);
    expect(wroteResource(manifest('state'), entry({ written: true }))).toBe(false);
  });

  it('reads manifests from before `written` by their counts', () => {
    expect(wroteResource(manifest('manual'), entry({ pages: 1 }))).toBe(true);
    expect(wroteResource(manifest('manual'), entry({ state: { incremental: { last_value: 1, boundary_keys: [] } } }))).toBe(false);
  });
});
