/**
 * The example custom paginator (`sources/examples/paginators/`) through the
 * real `sluice` CLI: a TypeScript source imports it, and `validate` and `run`
 * know its type because the import registers it before validation.
 */
import { join } from 'node:path';
import type { FakeApi } from '../support/fakeApi';
import { CONTINUATION_HEADER, startFakeApi } from '../support/fakeApi';
import { runDltSource, writeTsSource, writtenRecords } from './support/dltSource';
import { ROOT, runCli } from './support/runCli';

const EXAMPLE = join(ROOT, 'sources', 'examples', 'paginators', 'ContinuationHeaderPaginator');

/** A TypeScript source of the fake API's continuation-header items, paged by the example with `paginator`. */
function catalogSource(api: FakeApi, name: string, paginator: Record<string, unknown>) {
  return writeTsSource(
    name,
    `import ${JSON.stringify(EXAMPLE)}; // registers continuation_header

export default {
  name: '${name}',
  client: { base_url: '${api.baseUrl}/public/continuation-header/' },
  resources: [{ name: 'items', endpoint: { paginator: ${JSON.stringify(paginator)} } }],
};
`,
  );
}

describe('a custom paginator through the CLI', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 17 } });
  });
  afterAll(() => api.close());
  beforeEach(() => api.clearLog());

  it('runs a TypeScript source whose import registers the paginator: every record once, each token sent back with its page', async () => {
    const source = catalogSource(api, 'catalog', { type: 'continuation_header', page_size: 4 });
    const run = await runDltSource(source);
    expect(run.result.code).toBe(0);
    expect(run.summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 17, pages: 5 } } });
    expect(writtenRecords(source, 'items')).toEqual(api.records('items'));
    const tokens = api.requests.map((r) => r.headers[CONTINUATION_HEADER.toLowerCase()]);
    expect(api.requests.map((r) => [r.path, r.query.page, r.query.page_size, r.status])).toEqual(
      [1, 2, 3, 4, 5].map((page) => ['/public/continuation-header/items', String(page), '4', 200]),
    );
    expect(tokens[0]).toBeUndefined();
    expect(new Set(tokens.slice(1)).size).toBe(4);
  });

  it('validate reports a bad option of the paginator with its field path and exit code 2, before any request', async () => {
    const source = catalogSource(api, 'catalog-bad', { type: 'continuation_header', page_size: 0, token_header: 'X Token' });
    const result = await runCli(['validate', source.file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('resources[0].endpoint.paginator.page_size: Too small: expected number to be >=1');
    expect(result.stdout).toContain('resources[0].endpoint.paginator.token_header: a header name');
    expect(api.requests).toEqual([]);
  });

  it('validate refuses a type nothing registered, listing the types that are', async () => {
    const source = catalogSource(api, 'catalog-typo', { type: 'continuation_headers', page_size: 4 });
    const result = await runCli(['validate', source.file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'resources[0].endpoint.paginator.type: unknown paginator type "continuation_headers"; accepted: json_link, json_response, header_link, offset, page_number, cursor, header_cursor, single_page, auto, continuation_header',
    );
  });
});
