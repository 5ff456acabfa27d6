/**
 * dlt's bound params and template syntax, through `sluice run` against the fake
 * API: `resolve` and `incremental` params, static path params, `{{` / `}}`, and
 * the `{incremental.…}` values. Each config is written the way dlt's docs write it.
 */
import type { FakeApi } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import { runDltSource, writeDltSource, writtenRecords } from './support/dltSource';
import { runCli } from './support/runCli';

describe('dlt params and placeholders', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 25 }, childrenPerParent: 2 });
  });
  afterAll(() => api.close());
  beforeEach(() => api.clearLog());

  const client = (): Record<string, unknown> => ({ base_url: `${api.baseUrl}/public/offset/`, paginator: { type: 'offset', limit: 10 } });

  it('sends an incremental param as the start value, and moves it with the committed state', async () => {
    const source = writeDltSource({
      name: 'dlt-incremental-param',
      client: client(),
      resources: [
        {
          name: 'items',
          primary_key: 'id',
          endpoint: {
            path: 'items',
            data_selector: 'items',
            params: { since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '2024-01-01T20:00:00Z' } },
          },
        },
      ],
    });
    const first = await runDltSource(source);
    expect(first.result.code).toBe(0);
    expect(first.summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 6 } } });
    expect(api.requests.map((r) => r.query.since)).toEqual(['2024-01-01T20:00:00Z']);
    expect(writtenRecords(source, 'items').map((r) => r.id)).toEqual([20, 21, 22, 23, 24, 25]);

    api.clearLog();
    const second = await runDltSource(source);
    expect(second.summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 0 } } });
    expect(api.requests.map((r) => r.query.since)).toEqual(['2024-01-02T01:00:00Z']);
  });

  it('binds a resolve param in the path to the parent field and does not send it as a query parameter', async () => {
    const source = writeDltSource({
      name: 'dlt-resolve-param',
      client: client(),
      resource_defaults: { endpoint: { data_selector: 'items' } },
      resources: [
        { name: 'issues', endpoint: { path: 'items', paginator: { type: 'offset', limit: 10, offset: 20 } } },
        {
          name: 'issue_comments',
          endpoint: { path: 'items/{issue_number}/comments', params: { issue_number: { type: 'resolve', resource: 'issues', field: 'id' } } },
          include_from_parent: ['id'],
        },
      ],
    });
    const run = await runDltSource(source);
    expect(run.result.code).toBe(0);
    expect(run.summary).toMatchObject({ status: 'succeeded', resources: { issues: { records: 5 }, issue_comments: { records: 10 } } });
    const children = api.requests.filter((r) => r.path.endsWith('/comments'));
    expect(children.map((r) => r.path)).toEqual([21, 22, 23, 24, 25].map((id) => `/public/offset/items/${id}/comments`));
    for (const r of children) expect(r.query).not.toHaveProperty('issue_number');
    expect(writtenRecords(source, 'issue_comments')[0]).toMatchObject({ id: 21001, parent_id: 21, _issues_id: 21 });
  });

  it('binds a static param named in the path and sends the others', async () => {
    const source = writeDltSource({
      name: 'dlt-static-path-param',
      client: client(),
      resources: [{ name: 'items', endpoint: { path: '{collection}', data_selector: 'items', params: { collection: 'items', sort: 'id' }, paginator: { type: 'offset', limit: 10, offset: 20 } } }],
    });
    const run = await runDltSource(source);
    expect(run.summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 5 } } });
    expect(api.requests.map((r) => [r.path, r.query])).toEqual([['/public/offset/items', { sort: 'id', offset: '20', limit: '10' }]]);
  });

  it('sends {{ and }} as literal braces', async () => {
    const source = writeDltSource({
      name: 'dlt-literal-braces',
      client: client(),
      resources: [
        {
          name: 'items',
          endpoint: { path: 'items', data_selector: 'items', params: { filter: '{{"state": "open"}}' }, headers: { 'X-Query': 'a{{b}}c' } },
        },
      ],
    });
    const run = await runDltSource(source);
    expect(run.summary).toMatchObject({ status: 'succeeded' });
    expect(api.requests[0].query.filter).toBe('{"state": "open"}');
    expect(api.requests[0].headers['x-query']).toBe('a{b}c');
  });

  it('expands {incremental.initial_value} and {incremental.last_value} with dlt meanings', async () => {
    const source = writeDltSource({
      name: 'dlt-incremental-values',
      client: client(),
      resources: [
        {
          name: 'items',
          primary_key: 'id',
          endpoint: {
            path: 'items',
            data_selector: 'items',
            params: { since: '{incremental.last_value}', first: '{incremental.initial_value}' },
            headers: { 'X-Window-Start': 'from {incremental.start_value}' },
            incremental: { cursor_path: 'updated_at', initial_value: '2024-01-01T20:00:00Z' },
          },
        },
      ],
    });
    expect((await runDltSource(source)).summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 6 } } });
    expect(api.requests[0].query).toMatchObject({ since: '2024-01-01T20:00:00Z', first: '2024-01-01T20:00:00Z' });
    expect(api.requests[0].headers['x-window-start']).toBe('from 2024-01-01T20:00:00Z');
    api.clearLog();
    await runDltSource(source);
    expect(api.requests[0].query).toMatchObject({ since: '2024-01-02T01:00:00Z', first: '2024-01-01T20:00:00Z' });
  });

  it('refuses at validate an unknown placeholder, an unbound path param and an unbound resolve param', async () => {
    const source = writeDltSource({
      name: 'dlt-unknown-placeholders',
      client: client(),
      resources: [
        'items',
        { name: 'a', endpoint: { path: 'items/{item_id}' } },
        { name: 'b', endpoint: { path: 'items', params: { q: '{query}', since: '{incremental.start_value}' } } },
        { name: 'c', endpoint: { path: 'items', params: { n: { type: 'resolve', resource: 'items', field: 'id' } } } },
        { name: 'd', endpoint: { path: 'items', params: { since: { type: 'incremental', cursor_path: 'updated_at', end_value: 'x' } } } },
        { name: 'e', endpoint: { path: 'items/{resources.items.id', params: { x: 'a}b' } } },
      ],
    });
    const result = await runCli(['validate', source.file]);
    expect(result.code).toBe(2);
    const out = result.stdout + result.stderr;
    expect(out).toContain('resources[1].endpoint.path: the path "items/{item_id}" of resource "a" requires a param named "item_id"');
    expect(out).toContain('resources[2].endpoint.params.q: unknown placeholder "{query}"');
    expect(out).toContain('resources[2].endpoint: placeholder {incremental.start_value} needs an incremental');
    expect(out).toContain('resources[3].endpoint.params: resource "c" defines resolve params "n" that are not bound in path "items"');
    expect(out).toContain('resources[4].endpoint.params.since: only "cursor_path", "initial_value"');
    expect(out).toContain('resources[5].endpoint.path: not a valid template');
    expect(out).toContain('resources[5].endpoint.params.x: not a valid template: a single "}"');
    expect(api.requests).toHaveLength(0);
  });
});
