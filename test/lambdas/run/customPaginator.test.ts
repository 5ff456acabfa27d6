/**
 * A paginator registered with `registerPaginator` through whole runs: the
 * example `continuation_header` paginator (a token in a header plus a page
 * number) against the fake API, uninterrupted and continued across
 * invocations from its checkpoints.
 */
import { readCheckpoint } from '../../../lambdas/commit/checkpoint';
import { validateSource } from '../../../lambdas/config/validateSource';
import { S3Store } from '../../../lambdas/sink/S3Store';
import '../../../sources/examples/paginators/ContinuationHeaderPaginator';
import { createTestBucket, testS3Client } from '../../support/aws';
import type { FakeApi } from '../../support/fakeApi';
import { CONTINUATION_HEADER, startFakeApi } from '../../support/fakeApi';
import { committedRecords, runInvocations } from './runSource.fixtures';
import { noSecrets } from './runSource.secrets';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi({ collections: { items: 23 } });
});
afterAll(() => api.close());
beforeEach(() => api.clearLog());

const source = () =>
  validateSource({
    name: 'catalog',
    client: { base_url: api.baseUrl, paginator: { type: 'continuation_header', page_size: 5 } },
    resources: [{ name: 'items', endpoint: { path: 'public/continuation-header/items' } }],
    run: { part_max_records: 5, safety_margin_ms: 1000 },
  });

/** Each page request as the API saw it: its page number and the token it carried. */
const pageRequests = () =>
  api.requests.map((r) => ({ page: r.query.page, page_size: r.query.page_size, token: r.headers[CONTINUATION_HEADER.toLowerCase()] ?? null, status: r.status }));

describe('a registered paginator in a run', () => {
  it('reads every page, sending each token back in its header with the next page number', async () => {
    const store = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const [summary] = await runInvocations({ source: source(), secrets: noSecrets(), trigger: 'schedule' }, store, Infinity);

    expect(summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 23, pages: 5 } } });
    expect((await committedRecords(store, '', 'catalog')).items).toEqual(api.records('items'));
    const requests = pageRequests();
    expect(requests.map((r) => [r.page, r.page_size, r.status])).toEqual([1, 2, 3, 4, 5].map((n) => [String(n), '5', 200]));
    expect(requests[0].token).toBeNull();
    expect(requests.slice(1).every((r) => typeof r.token === 'string' && r.token.length > 0)).toBe(true);
  });

  it('continues across invocations from its checkpoints, resuming with the saved token and page number', async () => {
    const store = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const saved: unknown[] = [];
    const summaries = await runInvocations({ source: source(), secrets: noSecrets(), trigger: 'schedule' }, store, 1, async (key) => {
      saved.push((await readCheckpoint(store, key)).current?.position.paginator);
    });

    expect(summaries.length).toBeGreaterThanOrEqual(3);
    expect(summaries.slice(0, -1).every((s) => s.status === 'continued')).toBe(true);
    expect(summaries[summaries.length - 1]).toMatchObject({ status: 'succeeded', resources: { items: { records: 23, pages: 5 } } });
    // The checkpoint holds both halves of the position: the API refuses a token with another page number.
    expect(saved.length).toBe(summaries.length - 1);
    // Resuming after `index` pages asks for the next one, with the token the last page gave.
    for (const state of saved as Array<{ index: number; paginator: Record<string, unknown> }>) {
      expect(state.paginator).toEqual({ next: expect.any(String), has_next: true, page: state.index + 1 });
    }
    // Each page asked for once, in order, each accepted: no invocation started again at page 1.
    expect(pageRequests().map((r) => [r.page, r.status])).toEqual([1, 2, 3, 4, 5].map((n) => [String(n), 200]));
    expect((await committedRecords(store, '', 'catalog')).items).toEqual(api.records('items'));
  });
});
