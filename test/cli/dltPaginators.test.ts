/**
 * dlt's paginator forms through `sluice run` against the fake API: the string
 * shorthand and the `json_response` alias, numeric stop conditions
 * (`total_path: null` with a maximum), pagination in a POST body, and a numeric
 * paginator that could never stop, refused at validate as dlt refuses it.
 */
import type { FakeApi } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import { runDltSource, writeDltSource, writtenRecords } from './support/dltSource';
import { runCli } from './support/runCli';

describe('dlt paginators', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 25 } });
  });
  afterAll(() => api.close());
  beforeEach(() => api.clearLog());

  const ids = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

  it.each([
    ['"header_link"', 'link-header', 'header_link', {}],
    ['{"type": "json_response"} (dlt\'s old name of json_link)', 'json-link', { type: 'json_response', next_url_path: 'paging.next' }, { data_selector: 'data' }],
    ['"page_number" (base_page 0, total_path "total": stops on the empty page)', 'page-number', 'page_number', { data_selector: 'results', params: { base: 0 } }],
  ])('follows the shorthand %s', async (_label, style, paginator, endpoint) => {
    const source = writeDltSource({
      name: `dlt-paginator-${style}`,
      client: { base_url: `${api.baseUrl}/public/${style}/`, paginator },
      resource_defaults: { endpoint: { params: { per_page: 10 } } },
      resources: [{ name: 'items', endpoint: { path: 'items', ...endpoint } }],
    });
    const run = await runDltSource(source);
    expect(run.result.code).toBe(0);
    expect(writtenRecords(source, 'items').map((r) => r.id)).toEqual(ids(25));
  });

  it('"auto" reads a total_pages body as dlt\'s detector does: page_number from 0, and an API counting from 1 fails loudly instead of loading page 1 twice', async () => {
    const zeroBased = writeDltSource({
      name: 'dlt-auto-zero',
      client: { base_url: `${api.baseUrl}/public/total-pages/`, paginator: 'auto' },
      resources: [{ name: 'items', endpoint: { path: 'items', data_selector: 'data', params: { per_page: 10, base: 0 } } }],
    });
    const run = await runDltSource(zeroBased);
    expect(run.result.code).toBe(0);
    expect(api.requests.map((r) => r.query.page)).toEqual([undefined, '1', '2']);
    expect(writtenRecords(zeroBased, 'items').map((r) => r.id)).toEqual(ids(25));

    const oneBased = writeDltSource({
      name: 'dlt-auto-one',
      client: { base_url: `${api.baseUrl}/public/total-pages/`, paginator: 'auto' },
      resources: [{ name: 'items', endpoint: { path: 'items', data_selector: 'data', params: { per_page: 10 } } }],
    });
    const failed = await runDltSource(oneBased);
    expect(failed.result.code).toBe(1);
    expect(failed.summary).toMatchObject({ status: 'failed' });
    expect(failed.summary.error).toContain('page_number(page, base_page=0) received the records of the previous page at page=1 a second time');
    expect(failed.summary.error).toContain('set base_page');
    expect(writtenRecords(oneBased, 'items')).toEqual([]);
  });

  it('stops at maximum_offset when total_path is null', async () => {
    const source = writeDltSource({
      name: 'dlt-maximum-offset',
      client: { base_url: `${api.baseUrl}/public/offset/` },
      resources: [{ name: 'items', endpoint: { data_selector: 'items', paginator: { type: 'offset', limit: 10, total_path: null, maximum_offset: 20 } } }],
    });
    const run = await runDltSource(source);
    expect(run.summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 20, pages: 2 } } });
    expect(api.requests.map((r) => r.query.offset)).toEqual(['0', '10']);
  });

  it('puts offset and limit into the POST body at offset_body_path and limit_body_path', async () => {
    const source = writeDltSource({
      name: 'dlt-body-paging',
      client: { base_url: `${api.baseUrl}/public/post-offset/` },
      resources: [
        {
          name: 'items',
          endpoint: {
            path: 'items',
            method: 'POST',
            json: { filter: { state: 'open' } },
            data_selector: 'items',
            paginator: { type: 'offset', limit: 10, offset_body_path: 'paging.offset', limit_body_path: 'paging.limit' },
          },
        },
      ],
    });
    const run = await runDltSource(source);
    expect(run.result.code).toBe(0);
    expect(writtenRecords(source, 'items').map((r) => r.id)).toEqual(ids(25));
    expect(api.requests.map((r) => JSON.parse(r.body) as unknown)).toEqual([0, 10, 20].map((offset) => ({ filter: { state: 'open' }, paging: { offset, limit: 10 } })));
    expect(api.requests.every((r) => Object.keys(r.query).length === 0)).toBe(true);
  });

  it('refuses at validate a numeric paginator that never stops, and "offset" without its limit', async () => {
    const source = writeDltSource({
      name: 'dlt-never-stops',
      client: { base_url: `${api.baseUrl}/public/offset/` },
      resources: [
        { name: 'a', endpoint: { paginator: { type: 'offset', limit: 10, total_path: null, stop_after_empty_page: false } } },
        { name: 'b', endpoint: { paginator: { type: 'page_number', total_path: null, stop_after_empty_page: false } } },
        { name: 'c', endpoint: { paginator: 'offset' } },
        { name: 'd', endpoint: { paginator: { type: 'page_number', page_param: 'p', page_body_path: 'p' } } },
      ],
    });
    const result = await runCli(['validate', source.file]);
    expect(result.code).toBe(2);
    const out = result.stdout + result.stderr;
    expect(out).toContain('resources[0].endpoint.paginator: one of total_path, maximum_offset, has_more_path or stop_after_empty_page must be given');
    expect(out).toContain('resources[1].endpoint.paginator: one of total_path, maximum_page, has_more_path or stop_after_empty_page must be given');
    expect(out).toContain('resources[2].endpoint.paginator: paginator "offset" requires arguments');
    expect(out).toContain('resources[3].endpoint.paginator.page_body_path: either page_param or page_body_path, not both');
    expect(api.requests).toHaveLength(0);
  });
});
