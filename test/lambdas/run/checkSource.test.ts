import { validateSource } from '../../../lambdas/config/validateSource';
import { checkSource } from '../../../lambdas/run/checkSource';
import { makeComments, makeItems, startItemsApi } from './runSource.fixtures';
import type { ItemsApi } from './runSource.fixtures';
import { noSecrets } from './runSource.secrets';

let api: ItemsApi;
beforeEach(async () => {
  api = await startItemsApi();
});
afterEach(() => api.close());

const source = (): ReturnType<typeof validateSource> =>
  validateSource({
    name: 'acme',
    client: { base_url: api.url, paginator: { type: 'offset', limit: 2 }, retries: { limit: 0 } },
    resources: [
      { name: 'items', endpoint: { path: 'items', data_selector: 'data' } },
      { name: 'comments', endpoint: { path: 'items/{resources.items.id}/comments', data_selector: 'data' } },
      { name: 'broken', endpoint: { path: 'nowhere', data_selector: 'data' } },
    ],
  });

describe('checkSource', () => {
  it('requests the first page of each resource and a child with its parent first record, writing nothing', async () => {
    api.items = makeItems(5);
    api.comments = makeComments([1], 1);
    const response = await checkSource({ source: source(), secrets: noSecrets(), clock: () => 0 });
    expect(response).toEqual({
      mode: 'check',
      source: 'acme',
      ok: false,
      resources: {
        items: { ok: true, status: 200, records_found: true, elapsed_ms: 0 },
        comments: { ok: true, status: 200, records_found: true, elapsed_ms: 0 },
        broken: { ok: false, status: 404, records_found: false, elapsed_ms: 0, error: expect.stringMatching(/404/) },
      },
    });
    expect(api.requests.map((r) => r.path)).toEqual(['/items', '/items/1/comments', '/nowhere']);
  });

  it('skips a child whose parent has no records', async () => {
    const response = await checkSource({ source: source(), secrets: noSecrets(), resources: ['comments'], clock: () => 0 });
    expect(response).toEqual({
      mode: 'check',
      source: 'acme',
      ok: true,
      resources: {
        items: { ok: true, status: 200, records_found: false, elapsed_ms: 0 },
        comments: { ok: true, status: null, records_found: false, elapsed_ms: 0, skipped: 'parent has no records' },
      },
    });
  });
});
