import { validateSource } from '../../../lambdas/config/validateSource';
import { CHECK_RETRIES, checkSource } from '../../../lambdas/run/checkSource';
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

  it('fails a resource whose first page lacks the cursor_path or a field a child reads, naming the record and where the source reads it', async () => {
    api.items = makeItems(3);
    api.comments = makeComments([1], 1);
    const typo = validateSource({
      name: 'acme',
      client: { base_url: api.url, paginator: { type: 'offset', limit: 2 }, retries: { limit: 0 } },
      resources: [
        { name: 'items', endpoint: { path: 'items', data_selector: 'data', incremental: { cursor_path: 'updatedAt', initial_value: '2026-01-01T00:00:00Z' } } },
        { name: 'comments', endpoint: { path: 'items/{resources.items.id}/comments', data_selector: 'data' }, include_from_parent: ['titel'] },
      ],
    });
    const response = await checkSource({ source: typo, secrets: noSecrets(), clock: () => 0 });
    expect(response.ok).toBe(false);
    expect(response.resources.items).toEqual({
      ok: false,
      status: 200,
      records_found: true,
      elapsed_ms: 0,
      error: 'resource "items", page 1, record 1: no "updatedAt", which resources[0].endpoint.incremental.cursor_path reads (the record has: id, updated_at, title)',
    });

    const childTypo = validateSource({
      name: 'acme',
      client: { base_url: api.url, paginator: { type: 'offset', limit: 2 }, retries: { limit: 0 } },
      resources: [
        { name: 'items', endpoint: { path: 'items', data_selector: 'data' } },
        { name: 'comments', endpoint: { path: 'items/{resources.items.id}/comments', data_selector: 'data' }, include_from_parent: ['titel'] },
      ],
    });
    const second = await checkSource({ source: childTypo, secrets: noSecrets(), clock: () => 0 });
    expect(second.resources.items.error).toBe('resource "items", page 1, record 1: no "titel", which resources[1] (child "comments") reads (the record has: id, updated_at, title)');
  });

  it('retries at most once, within a second, whatever client.retries allows, so a dead host fails fast', async () => {
    const port = api.url.split(':').pop();
    await api.close();
    const patient = validateSource({
      name: 'acme',
      client: { base_url: `http://127.0.0.1:${port}`, retries: { limit: 8, max_delay_ms: 60_000 } },
      resources: [{ name: 'items', endpoint: { path: 'items', data_selector: 'data' } }],
    });
    const response = await checkSource({ source: patient, secrets: noSecrets(), clock: () => 0 });
    expect(response.resources.items).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/after 2 attempts: network error .*ECONNREFUSED/) });
    expect(CHECK_RETRIES).toEqual({ limit: 1, maxDelayMs: 1000, retryAfterMaxMs: 5000 });
    api = await startItemsApi();
  });
});
