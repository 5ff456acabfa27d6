/**
 * The `<table>_current` views the catalog writes to Glue, executed: their SQL
 * (currentViewSql) runs in DuckDB over the files the Glue partitions point at
 * (test/support/glueInDuckDb.ts says what is translated), after real runs into
 * moto's S3 and a local directory, and must hold exactly the rows the engine's
 * own reader (readCommittedView, behind `sluice query`) returns, per disposition.
 */
import { readCommittedView, readTable } from '../../../lambdas/commit/readCommittedView';
import type { CommittedTable } from '../../../lambdas/commit/readCommittedView';
import { readCommittedManifests } from '../../../lambdas/commit/committedState';
import { currentViewSql } from '../../../lambdas/catalog/currentView';
import type { GlueColumn } from '../../../lambdas/catalog/glueColumns';
import { commitsTableName, glueTableName } from '../../../lambdas/catalog/glueNames';
import type { WriteDisposition } from '../../../lambdas/model';
import { validateSource } from '../../../lambdas/config/validateSource';
import { runSource } from '../../../lambdas/run/runSource';
import type { ObjectStore } from '../../../lambdas/sink/ObjectStore';
import { glueInDuckDb } from '../../support/glueInDuckDb';
import { item, runDispositionScenario } from '../commit/dispositionScenario';
import { startItemsApi } from '../run/runSource.fixtures';
import type { Item, ItemsApi } from '../run/runSource.fixtures';
import { noSecrets } from '../run/runSource.secrets';
import { STORES } from '../sink/storeFixtures';

const DATABASE = 'sluice';
const column = (name: string, presto: string): GlueColumn => ({ name, presto, hive: presto === 'varchar' ? 'string' : presto });
const ITEM_COLUMNS = [column('id', 'bigint'), column('updated_at', 'varchar'), column('title', 'varchar')];

let api: ItemsApi;
beforeEach(async () => {
  api = await startItemsApi();
});
afterEach(async () => {
  await api.close();
});

/** A row or record on the declared columns only, an absent field as null (as the SerDe reads it). */
const onColumns = (columns: readonly GlueColumn[]) => (row: unknown) =>
  JSON.stringify(columns.map((c) => (row as Record<string, unknown>)[c.name] ?? null));
const multiset = (rows: readonly unknown[], columns: readonly GlueColumn[]): string[] => rows.map(onColumns(columns)).sort();

/** Runs the Glue view of each table in DuckDB and compares its rows with the engine's reader. */
async function expectViewsMatchReader(store: ObjectStore, prefix: string, source: string, tables: ReadonlyArray<{ resource: string; columns: readonly GlueColumn[] }>): Promise<void> {
  const view = await readCommittedView(store, prefix, source);
  const committed = (resource: string): CommittedTable => {
    const table = view.tables.find((t) => t.resource === resource);
    if (!table) throw new Error(`no resource ${resource}`);
    return table;
  };
  const manifests = (await readCommittedManifests(store, prefix, source)).map(({ manifest }) => manifest);
  const commitsTable = commitsTableName(source);
  const duck = await glueInDuckDb(
    store,
    prefix,
    source,
    commitsTable,
    tables.map((t) => ({ database: DATABASE, table: glueTableName(source, committed(t.resource).table), resource: t.resource, tableName: committed(t.resource).table, columns: t.columns })),
  );
  try {
    for (const t of tables) {
      const c = committed(t.resource);
      const sql = currentViewSql({
        database: DATABASE,
        source,
        view: `${glueTableName(source, c.table)}_current`,
        table: glueTableName(source, c.table),
        commitsTable,
        writeDisposition: c.writeDisposition as WriteDisposition,
        primaryKey: c.primaryKey,
        mergeKey: c.mergeKey,
        // As registerCatalog names it: the latest committed run that wrote the resource.
        latestRunId: manifests.find((m) => m.seq === c.seq)?.run_id,
        columns: t.columns,
      });
      const rows = await duck.rows(sql);
      const records = await readTable(store, c);
      expect({ resource: t.resource, rows: multiset(rows, t.columns) }).toEqual({ resource: t.resource, rows: multiset(records, t.columns) });
    }
  } finally {
    await duck.close();
  }
}

describe.each(STORES)('the Glue _current views, executed in DuckDB, equal the engine reader over %s', (_name, factory) => {
  let store: ObjectStore;
  beforeEach(async () => {
    ({ store } = await factory.create());
  });

  it('append, replace and merge across runs, a failed run, a run of other resources, a state change and one key twice in a run', async () => {
    await runDispositionScenario(api, store, 'raw');
    await expectViewsMatchReader(store, 'raw', 'acme', [
      { resource: 'appended', columns: ITEM_COLUMNS },
      { resource: 'replaced', columns: ITEM_COLUMNS },
      { resource: 'merged', columns: ITEM_COLUMNS },
    ]);
  });

  it('merge past part 9: one key written in parts 1, 5 and 12 of one run keeps the last, in text order of the part names', async () => {
    const source = validateSource({
      name: 'many',
      client: { base_url: api.url, paginator: { type: 'offset', limit: 3 } },
      resources: [{ name: 'merged', primary_key: 'id', write_disposition: 'merge', endpoint: { path: 'items', data_selector: 'data' } }],
      run: { part_max_records: 1 },
    });
    const filler = (from: number, n: number): Item[] => Array.from({ length: n }, (_, i) => item(from + i, 1, `filler ${from + i}`));
    api.items = [item(7, 1, 'first'), ...filler(100, 3), item(7, 2, 'second'), ...filler(200, 6), item(7, 3, 'third, in part 12')];
    await runSource({ source, store, secrets: noSecrets(), trigger: 'manual' });
    api.items = [item(8, 4, 'run 2'), item(100, 5, 'filler 100, edited')];
    await runSource({ source, store, secrets: noSecrets(), trigger: 'manual' });
    const table = (await readCommittedView(store, '', 'many')).tables[0];
    expect(table.files.filter((f) => f.seq === 1).length).toBeGreaterThanOrEqual(12);
    await expectViewsMatchReader(store, '', 'many', [{ resource: 'merged', columns: ITEM_COLUMNS }]);
  });

  it('merge with a merge_key (delete-insert), duplicate keys within and across runs, and a NULL merge_key value', async () => {
    const source = validateSource({
      name: 'daily',
      client: { base_url: api.url, paginator: { type: 'offset', limit: 2 } },
      resources: [
        { name: 'batched', primary_key: 'id', merge_key: 'day', write_disposition: { disposition: 'merge', strategy: 'delete-insert' }, endpoint: { path: 'items', data_selector: 'data' } },
      ],
    });
    const batch = (id: number, minute: number, day: string | null, title = `item ${id}`): Item => ({ ...item(id, minute, title), day }) as Item;
    const runs = [
      [batch(1, 1, 'd1'), batch(2, 2, 'd1'), batch(3, 3, 'd2'), batch(6, 6, null), batch(2, 3, 'd1', 'two, again')],
      [batch(2, 7, 'd1', 'two, edited'), batch(4, 8, 'd1')],
      [batch(3, 9, 'd1'), batch(5, 10, 'd3'), batch(7, 11, null), batch(5, 12, 'd3', 'five, again')],
    ];
    for (const items of runs) {
      api.items = items;
      await runSource({ source, store, secrets: noSecrets(), trigger: 'manual' });
    }
    await expectViewsMatchReader(store, '', 'daily', [{ resource: 'batched', columns: [...ITEM_COLUMNS, column('day', 'varchar')] }]);
  });
});
