/**
 * The README's hand-written Athena DDL and views, read out of README.md and
 * executed in DuckDB (test/support/readmeAthenaSql.ts says what is
 * translated), over the objects real runs left in moto's S3 and in a local
 * `--out` folder, must hold exactly what the engine's own reader of the
 * committed view (readCommittedView, behind `sluice query`) holds, for each
 * write disposition and after every run: `append` every committed run,
 * `replace` the latest committed run that wrote the resource (a run of other
 * resources, a state change and a failed run leave it as it was; a run that
 * wrote zero records empties it), `merge` per key the highest seq and within a
 * run the last record written, and with a `merge_key` dlt's delete-insert.
 */
import { join } from 'node:path';
import { commitsPrefix, manifestsPrefix } from '../../../lambdas/commit/layout';
import { readCommittedView, readTable } from '../../../lambdas/commit/readCommittedView';
import { validateSource } from '../../../lambdas/config/validateSource';
import { RunFailedError } from '../../../lambdas/errors/RunFailedError';
import type { SourceModel } from '../../../lambdas/model';
import { runSource } from '../../../lambdas/run/runSource';
import { changeState } from '../../../lambdas/run/stateChange';
import type { ObjectStore } from '../../../lambdas/sink/ObjectStore';
import { readmeAthenaDb, readmeAthenaStatements, README_BUCKET } from '../../support/readmeAthenaSql';
import { startItemsApi } from '../run/runSource.fixtures';
import type { Item, ItemsApi } from '../run/runSource.fixtures';
import { noSecrets } from '../run/runSource.secrets';
import { STORES } from '../sink/storeFixtures';

const PREFIX = 'raw';
const FIELDS = ['id', 'title', 'state', 'updated_at'] as const;

/** The README's resources: `events` append, `users` replace, `issues` merge by id, `batches` merge by id with merge_key day. */
function readmeSource(api: ItemsApi, extra: unknown[] = []): SourceModel {
  const items = { path: 'items', data_selector: 'data' };
  return validateSource({
    name: 'acme',
    client: { base_url: api.url, paginator: { type: 'offset', limit: 2 } },
    resources: [
      { name: 'events', endpoint: items },
      // With a cursor, so that a run of other resources carries its state in an entry that did not write it.
      { name: 'users', write_disposition: 'replace', endpoint: { ...items, incremental: { cursor_path: 'updated_at', initial_value: '2026-01-01T00:00:00Z' } } },
      { name: 'issues', primary_key: 'id', write_disposition: 'merge', endpoint: items },
      { name: 'batches', primary_key: 'id', merge_key: 'day', write_disposition: { disposition: 'merge', strategy: 'delete-insert' }, endpoint: items },
      // Incremental, so that a state change has a state to reset.
      { name: 'cursor', endpoint: { ...items, incremental: { cursor_path: 'updated_at', initial_value: '2026-01-01T00:00:00Z' } } },
      ...extra,
    ],
    // A key twice in one run lands in two parts (no part holds a key twice): the order of files counts.
    run: { part_max_records: 3 },
  });
}

type Row = Item & { state: string; day: string | null };
const row = (id: number, minute: number, title: string, day: string | null = 'd1', state = 'open'): Row => ({
  id,
  updated_at: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  title,
  state,
  day,
});

/**
 * The README's statements for this test's bucket and prefix, with the tables it
 * leaves to the reader declared as it says: `acme_users` and `acme_events` like
 * `acme_issues`, and `acme_batches` with `day` besides.
 */
async function statements(): Promise<string[]> {
  const readme = (await readmeAthenaStatements(join(__dirname, '../../../README.md'))).map((s) => s.replace(/BUCKET/g, README_BUCKET).replace(/PREFIX\//g, `${PREFIX}/`));
  const issues = readme.find((s) => /^CREATE EXTERNAL TABLE acme_issues \(/.test(s));
  if (!issues) throw new Error('README.md no longer declares acme_issues');
  const like = (resource: string, extraColumn = ''): string =>
    issues
      .replace(/acme_issues/g, `acme_${resource}`)
      .replace(/\/issues\//g, `/${resource}/`)
      .replace(/^(CREATE EXTERNAL TABLE \w+ \(\s*)/, `$1${extraColumn}`);
  const at = readme.indexOf(issues) + 1;
  return [...readme.slice(0, at), like('users'), like('events'), like('batches', 'day string, '), ...readme.slice(at)];
}

/** Rows or records on the given fields, an absent field as null, sorted. */
const multiset = (rows: readonly unknown[], fields: readonly string[]): string[] =>
  rows.map((r) => JSON.stringify(fields.map((f) => (r as Record<string, unknown>)[f] ?? null))).sort();

/** Each `<resource>_current` view of the README, executed, against the engine's reader. */
async function expectReadmeViewsMatchReader(store: ObjectStore, when: string): Promise<void> {
  const view = await readCommittedView(store, PREFIX, 'acme');
  const db = await readmeAthenaDb(store, await statements());
  try {
    const cases: Array<[string, string, readonly string[]]> = [
      ['events', 'acme_events_current', FIELDS],
      ['users', 'acme_users_current', FIELDS],
      ['issues', 'acme_issues_current', FIELDS],
      ['batches', 'acme_batches_current', ['id', 'day', 'title']],
    ];
    for (const [resource, name, fields] of cases) {
      const table = view.tables.find((t) => t.resource === resource);
      const records = table ? await readTable(store, table) : [];
      const rows = await db.rows(`SELECT * FROM ${name}`);
      expect({ when, resource, rows: multiset(rows, fields) }).toEqual({ when, resource, rows: multiset(records, fields) });
    }
  } finally {
    await db.close();
  }
}

/** Rewrites every commit and manifest of the source as written before `written` existed; `restore` puts them back. */
async function withoutWritten(store: ObjectStore): Promise<{ restore(): Promise<void> }> {
  const saved = new Map<string, Buffer>();
  for (const dir of [commitsPrefix(PREFIX, 'acme'), manifestsPrefix(PREFIX, 'acme')]) {
    for (const key of await store.list(dir)) {
      const bytes = (await store.get(key)) as Buffer;
      saved.set(key, bytes);
      const manifest = JSON.parse(bytes.toString('utf8')) as { resources: Record<string, { written?: boolean }> };
      for (const entry of Object.values(manifest.resources)) delete entry.written;
      await store.putBytes(key, `${JSON.stringify(manifest)}\n`, 'application/json');
    }
  }
  return {
    async restore() {
      for (const [key, bytes] of saved) await store.putBytes(key, bytes, 'application/json');
    },
  };
}

let api: ItemsApi;
beforeEach(async () => {
  api = await startItemsApi();
});
afterEach(async () => {
  await api.close();
});

describe.each(STORES)("the README's Athena DDL and views, executed in DuckDB, equal the engine reader over %s", (_name, factory) => {
  it('after every run: append, replace (a run of other resources, a state change, a failed run, manifests without written, an empty run), merge (highest seq, then the last record of a run) and merge_key', async () => {
    const { store } = await factory.create();
    const run = (resources?: string[], source = readmeSource(api)) => runSource({ source, store, prefix: PREFIX, secrets: noSecrets(), trigger: 'manual', ...(resources ? { resources } : {}) });

    api.items = [row(1, 1, 'one'), row(2, 2, 'two'), row(3, 3, 'three', 'd2'), row(6, 4, 'six', null)];
    await run();
    await expectReadmeViewsMatchReader(store, 'run 1');

    // Item 2 twice in one run (the second wins), 3 gone, 4 new; day d1 written again.
    api.items = [row(2, 5, 'two, edited'), row(4, 6, 'four'), row(2, 7, 'two, edited again', 'd1', 'closed')];
    await run();
    await expectReadmeViewsMatchReader(store, 'run 2');

    // A failed run: its part files are under every table's location, and listed nowhere.
    api.items = [row(99, 8, 'ghost', 'd2')];
    await expect(run(undefined, readmeSource(api, [{ name: 'broken', endpoint: { path: 'missing', data_selector: 'data' } }]))).rejects.toBeInstanceOf(RunFailedError);
    await expectReadmeViewsMatchReader(store, 'after the failed run');

    // A run of other resources: `users` (replace) stays at run 2.
    api.items = [row(1, 9, 'one, edited', 'd3'), row(5, 10, 'five, first', 'd2'), row(5, 11, 'five, second', 'd2')];
    await run(['events', 'issues', 'batches']);
    await expectReadmeViewsMatchReader(store, 'run 4, of other resources');
    const users = (await readCommittedView(store, PREFIX, 'acme')).tables.find((t) => t.resource === 'users');
    expect(users && multiset(await readTable(store, users), FIELDS)).toEqual(multiset([row(2, 5, 'two, edited'), row(4, 6, 'four'), row(2, 7, 'two, edited again', 'd1', 'closed')], FIELDS));

    await changeState(store, PREFIX, readmeSource(api), { reset: { resources: ['cursor'] } });
    await expectReadmeViewsMatchReader(store, 'a state change');

    // Manifests from before `written`: an entry that only carried state is told by its empty files, pages and records.
    const older = await withoutWritten(store);
    await expectReadmeViewsMatchReader(store, 'manifests without written');
    await older.restore();

    // A run that finds nothing: `users` is empty, the others keep what they hold.
    api.items = [];
    await run();
    await expectReadmeViewsMatchReader(store, 'an empty run');
  });
});
