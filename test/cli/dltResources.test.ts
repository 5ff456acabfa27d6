/**
 * dlt's resource-level forms through `sluice run` against the fake API: a
 * data_selector absent on the first page (0 records and a warning), an absent
 * include_from_parent field (dlt's error), single-entity endpoints,
 * `parallelized`, `processing_steps` in a TypeScript source (refused in JSON),
 * destination-only hints (warnings, errors with --strict) and Python-only forms.
 */
import type { FakeApi } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import { runDltSource, writeDltSource, writeTsSource, writtenRecords } from './support/dltSource';
import { runCli } from './support/runCli';

describe('dlt resource forms', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 6 }, childrenPerParent: 1 });
  });
  afterAll(() => api.close());
  beforeEach(() => api.clearLog());

  it('writes 0 records and warns, naming the resource and the keys there, when data_selector is absent on the first page', async () => {
    const source = writeDltSource({ name: 'dlt-absent-selector', client: { base_url: `${api.baseUrl}/public/offset/` }, resources: [{ name: 'items', endpoint: { data_selector: 'data', paginator: { type: 'offset', limit: 10 } } }] });
    const run = await runDltSource(source);
    expect(run.result.code).toBe(0);
    expect(run.summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 0, pages: 1 } } });
    expect(run.result.stderr).toContain('resource "items": data_selector "data" matched nothing in the first response; top-level keys: "items", "total": 0 records');
    const check = await runCli(['check', source.file, '--json']);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: false, resources: { items: { ok: false, status: 200, error: expect.stringContaining('top-level keys: "items", "total"') } } });
  });

  it('fails with dlt\'s message when include_from_parent names a field the parent lacks', async () => {
    const source = writeDltSource({
      name: 'dlt-absent-include',
      client: { base_url: `${api.baseUrl}/public/offset/`, paginator: { type: 'offset', limit: 10 } },
      resource_defaults: { endpoint: { data_selector: 'items' } },
      resources: ['items', { name: 'comments', endpoint: { path: 'items/{resources.items.id}/comments' }, include_from_parent: ['number'] }],
    });
    const run = await runDltSource(source);
    expect(run.result.code).toBe(1);
    expect(String(run.summary.error)).toContain(
      'resource expects a field "number" to be present in the incoming data from resource "items" in order to include it in child records under "_items_number"; available parent fields are: "id", "name", "updated_at", "value"',
    );
  });

  it('reads a path that ends in a parent placeholder as one object per request, with data_selector $ and no pagination', async () => {
    const source = writeDltSource({
      name: 'dlt-single-entity',
      client: { base_url: `${api.baseUrl}/public/`, paginator: { type: 'offset', limit: 10 } },
      resources: [
        { name: 'items', endpoint: { path: 'offset/items', data_selector: 'items' } },
        { name: 'item_details', endpoint: { path: 'entity/items/{resources.items.id}' } },
      ],
    });
    const run = await runDltSource(source);
    expect(run.summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 6 }, item_details: { records: 6, pages: 6 } } });
    const details = api.requests.filter((r) => r.path.startsWith('/public/entity/'));
    expect(details.map((r) => [r.path, r.query])).toEqual([1, 2, 3, 4, 5, 6].map((id) => [`/public/entity/items/${id}`, {}]));
    expect(writtenRecords(source, 'item_details')[0]).toEqual({ ...api.records('items')[0], items: [{ sku: '1-a' }, { sku: '1-b' }] });
  });

  it('runs a parallelized child through the CLI: every child record once, with its parent field', async () => {
    const source = writeDltSource({
      name: 'dlt-parallelized',
      client: { base_url: `${api.baseUrl}/public/offset/`, paginator: { type: 'offset', limit: 10 } },
      resource_defaults: { endpoint: { data_selector: 'items' } },
      resources: ['items', { name: 'comments', parallelized: true, include_from_parent: ['id'], endpoint: { path: 'items/{resources.items.id}/comments' } }],
    });
    const run = await runDltSource(source, ['--verbose']);
    expect(run.summary).toMatchObject({ status: 'succeeded', resources: { comments: { records: 6 } } });
    const written = writtenRecords(source, 'comments') as Array<{ id: number; parent_id: number; _items_id: number }>;
    expect(written.map((r) => r.id).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6].flatMap((p) => api.childRecords('items', p).map((c) => c.id)));
    expect(written.every((r) => r._items_id === r.parent_id)).toBe(true);
    expect(run.result.stderr).not.toMatch(/parallelized: true is accepted/);
  });

  it('applies processing_steps of a TypeScript source in order, before writing and before children read the parent', async () => {
    const source = writeTsSource(
      'dlt-steps',
      `export default {
  name: 'dlt-steps',
  client: { base_url: '${api.baseUrl}/public/offset/', paginator: { type: 'offset', limit: 10 } },
  resource_defaults: { endpoint: { data_selector: 'items' } },
  resources: [
    {
      name: 'items',
      processing_steps: [
        { filter: (r: { id: number }) => r.id % 2 === 0 },
        { map: (r: { id: number; name: string }) => ({ id: r.id, label: r.name.toUpperCase() }) },
        { yield_map: function* (r: { id: number }) { yield r; yield { ...r, copy: true }; } },
        { filter: (r: { id: number; copy?: boolean }) => !(r.copy && r.id === 6) },
      ],
    },
    { name: 'comments', endpoint: { path: 'items/{resources.items.id}/comments' } },
  ],
};
`,
    );
    const run = await runDltSource(source);
    expect(run.result.code).toBe(0);
    expect(writtenRecords(source, 'items')).toEqual([
      { id: 2, label: 'ITEM-2' },
      { id: 2, label: 'ITEM-2', copy: true },
      { id: 4, label: 'ITEM-4' },
      { id: 4, label: 'ITEM-4', copy: true },
      { id: 6, label: 'ITEM-6' },
    ]);
    const children = api.requests.filter((r) => r.path.endsWith('/comments')).map((r) => r.path);
    expect(children).toEqual(['/public/offset/items/2/comments', '/public/offset/items/2/comments', '/public/offset/items/4/comments', '/public/offset/items/4/comments', '/public/offset/items/6/comments']);
  });

  it('refuses processing_steps in a JSON source, pointing to the TypeScript form', async () => {
    const source = writeDltSource({ name: 'dlt-steps-json', client: { base_url: `${api.baseUrl}/public/offset/` }, resources: [{ name: 'items', processing_steps: [{ filter: 'x > 1' }] }] });
    const result = await runCli(['validate', source.file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('resources[0].processing_steps[0].filter: filter must be a function, which a JSON source cannot hold: write this source in TypeScript');
  });

  it('accepts destination-only hints with one warning each, and --strict makes them errors', async () => {
    const hints = { columns: { id: { data_type: 'bigint' } }, max_table_nesting: 0, schema_contract: 'freeze', file_format: 'parquet', table_format: 'delta', nested_hints: {}, references: [] };
    const source = writeDltSource({ name: 'dlt-hints', client: { base_url: `${api.baseUrl}/public/offset/` }, resources: [{ name: 'items', ...hints }] });
    const plain = await runCli(['validate', source.file]);
    expect(plain.code).toBe(0);
    for (const key of Object.keys(hints)) expect(plain.stdout.match(new RegExp(`warning resources\\[0\\]\\.${key}: accepted from dlt, no effect here`, 'g'))).toHaveLength(1);
    const strict = await runCli(['validate', source.file, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toContain('7 problems');
    expect(strict.stdout).toContain('resources[0].file_format: accepted from dlt, no effect here: the output is always gzip JSON Lines');
  });

  it('takes merge_key with merge without a word, and says at validate that it does nothing without merge (--strict refuses that)', async () => {
    const merging = writeDltSource({
      name: 'dlt-merge-key',
      client: { base_url: `${api.baseUrl}/public/offset/` },
      resources: [{ name: 'items', write_disposition: { disposition: 'merge', strategy: 'delete-insert' }, primary_key: 'id', merge_key: 'day' }],
    });
    const plain = await runCli(['validate', merging.file, '--strict']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('merge_key');

    const appending = writeDltSource({
      name: 'dlt-merge-key-append',
      client: { base_url: `${api.baseUrl}/public/offset/` },
      resource_defaults: { merge_key: 'day' },
      resources: [{ name: 'items' }, { name: 'batches', write_disposition: 'merge', primary_key: 'id' }],
    });
    const warned = await runCli(['validate', appending.file]);
    expect(warned.code).toBe(0);
    expect(warned.stdout.match(/merge_key/g)).toHaveLength(2);
    expect(warned.stdout).toContain('warning resources[0].merge_key: accepted from dlt, no effect here: merge_key applies only to write_disposition "merge"');
    const strict = await runCli(['validate', appending.file, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toContain('resources[0].merge_key: accepted from dlt, no effect here');
  });

  it('says at validate that replace over an incremental cursor holds only the latest window (--strict refuses it)', async () => {
    const source = writeDltSource({
      name: 'dlt-replace-incremental',
      client: { base_url: `${api.baseUrl}/public/offset/` },
      resources: [{ name: 'items', write_disposition: 'replace', endpoint: { incremental: { cursor_path: 'updated_at', initial_value: '2023-01-01T00:00:00Z' } } }],
    });
    const plain = await runCli(['validate', source.file]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('warning resources[0].endpoint.incremental: with write_disposition "replace", each run replaces the table with only what it read since the committed cursor');
    const strict = await runCli(['validate', source.file, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toContain('resources[0].endpoint.incremental: with write_disposition "replace"');
  });

  it('refuses a table hint given as a function of each record in a TypeScript source, naming the field and what to write', async () => {
    const { file } = writeTsSource(
      'dlt-table-fn',
      `export default {
  name: 'dlt-table-fn',
  client: { base_url: '${api.baseUrl}/public/offset/' },
  resources: [{ name: 'items', table_name: (r: { kind: string }) => r.kind, primary_key: (r: { id: number }) => String(r.id) }],
};
`,
    );
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("resources[0].table_name: table_name as a function (dlt's hint computed per record) is not accepted: each resource writes one table, with one name");
    expect(result.stdout).toContain('resources[0].primary_key: primary_key as a function');
    expect(result.stdout).toContain('declare one resource per table with a processing_steps filter');
    expect(result.stdout).not.toContain('got function');
  });

  it('refuses Python-only forms, naming the field', async () => {
    const source = writeDltSource({
      name: 'dlt-python-only',
      client: { base_url: `${api.baseUrl}/public/offset/`, session: 'requests.Session()' },
      resources: [{ name: 'items', endpoint: { hooks: { response: ['check'] } } }],
    });
    const result = await runCli(['validate', source.file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('client.session: a requests.Session is Python-only');
    expect(result.stdout).toContain('resources[0].endpoint.hooks: requests hooks are Python-only');
    expect(result.stdout).not.toContain('unknown key');
  });

  it("refuses a dlt callable pasted into JSON as code, naming the TypeScript alternative instead of the value's form", async () => {
    const source = writeDltSource({
      name: 'dlt-callable-json',
      client: { base_url: `${api.baseUrl}/public/offset/` },
      resources: [
        {
          name: 'events',
          table_name: "lambda i: i['type']",
          write_disposition: 'merge',
          primary_key: '(r) => r.id',
          endpoint: { path: 'items', response_actions: [{ status_code: 404, action: 'lambda response, *a, **k: response' }] },
        },
      ],
    });
    const result = await runCli(['validate', source.file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      `resources[0].table_name: table_name "lambda i: i['type']" is code, not a value: table_name as a callable (dlt's hint computed per record) is not accepted: ` +
        'each resource writes one table, with one name; give a value, and to send records to several tables declare one resource per table with a processing_steps filter (a function, so in a TypeScript source: sources/<name>.ts)',
    );
    expect(result.stdout).toContain('resources[0].primary_key: primary_key "(r) => r.id" is code, not a value');
    expect(result.stdout).toContain('resources[0].endpoint.response_actions[0].action: a callable action (dlt\'s hook on the response) is not accepted: an action is "ignore", "retry" or "fail"; to change records, use a processing_steps map in a TypeScript source');
    // Said once, not again in the schema's words.
    expect(result.stdout).not.toMatch(/a table name holds|expected string|accepted: "ignore"/);
  });
});
