import type { Manifest } from '../../../lambdas/commit/manifest';
import { validateSource } from '../../../lambdas/config/validateSource';
import { ContinuationLimitError } from '../../../lambdas/errors/ContinuationLimitError';
import { RunFailedError } from '../../../lambdas/errors/RunFailedError';
import { readCommittedState } from '../../../lambdas/commit/committedState';
import { runSource } from '../../../lambdas/run/runSource';
import { S3Store } from '../../../lambdas/sink/S3Store';
import { createTestBucket, testS3Client } from '../../support/aws';
import { committedRecords, itemsResource, makeComments, makeItems, readJson, runInvocations, startItemsApi } from './runSource.fixtures';
import type { ItemsApi } from './runSource.fixtures';
import { noSecrets } from './runSource.secrets';

let api: ItemsApi;
beforeAll(async () => {
  api = await startItemsApi();
  api.items = makeItems(9);
  api.comments = makeComments([2, 5, 8], 3);
});
afterAll(() => api.close());

const source = (maxContinuations = 20): ReturnType<typeof validateSource> =>
  validateSource({
    name: 'longrun',
    client: { base_url: api.url, paginator: { type: 'offset', limit: 2 } },
    resources: [
      itemsResource(),
      {
        name: 'comments',
        primary_key: 'id',
        include_from_parent: ['id'],
        endpoint: {
          path: 'items/{resources.items.id}/comments',
          data_selector: 'data',
          params: { since: '{incremental.start_value}' },
          incremental: { cursor_path: 'created_at' },
        },
      },
    ],
    run: { part_max_records: 2, safety_margin_ms: 1000, max_continuations: maxContinuations },
  });

describe('runSource continuation', () => {
  it('gives the same records and committed view across several invocations as one uninterrupted run', async () => {
    const base = { source: source(), secrets: noSecrets(), trigger: 'schedule' as const };
    const once = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const single = await runSource({ ...base, store: once });

    const chained = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const summaries = await runInvocations(base, chained, 2);

    expect(summaries.length).toBeGreaterThanOrEqual(3);
    expect(summaries.slice(0, -1).every((s) => s.status === 'continued')).toBe(true);
    const last = summaries[summaries.length - 1];
    expect(last.status).toBe('succeeded');
    expect(new Set(summaries.map((s) => s.run_id)).size).toBe(1);
    for (const name of ['items', 'comments']) {
      expect({ records: last.resources[name].records, pages: last.resources[name].pages }).toEqual({ records: single.resources[name].records, pages: single.resources[name].pages });
    }
    expect(await committedRecords(chained, '', 'longrun')).toEqual(await committedRecords(once, '', 'longrun'));

    const manifests = await chained.list('longrun/_manifests/');
    expect(manifests).toHaveLength(1);
    const manifest = await readJson<Manifest>(chained, manifests[0]);
    const reference = await readJson<Manifest>(once, single.manifest_key as string);
    expect(manifest.resources.items.state).toEqual(reference.resources.items.state);
    expect(manifest.resources.comments.state).toEqual(reference.resources.comments.state);
    expect(await chained.list('longrun/_checkpoints/')).toEqual([]);
  });

  it('fails clearly when the chain would grow past max_continuations', async () => {
    const store = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const error = await runInvocations({ source: source(1), secrets: noSecrets(), trigger: 'schedule' }, store, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as RunFailedError).cause).toBeInstanceOf(ContinuationLimitError);
    expect((error as Error).message).toMatch(/max_continuations is 1/);
    const manifests = await store.list('longrun/_manifests/');
    expect(manifests).toHaveLength(1);
    expect((await readJson(store, manifests[0])).status).toBe('failed');
  });

  it('leaves the committed state where it was when the limit stops a run', async () => {
    const store = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const base = { secrets: noSecrets(), trigger: 'schedule' as const };
    const first = await runSource({ ...base, source: source(), store });
    const committed = (await readJson<Manifest>(store, first.manifest_key as string)).resources;
    const before = api.items;
    api.items = [...before, ...makeItems(6, 10)];
    const error = await runInvocations({ ...base, source: source(1) }, store, 1)
      .catch((e: unknown) => e)
      .finally(() => (api.items = before));
    expect((error as RunFailedError).cause).toBeInstanceOf(ContinuationLimitError);
    const latest = await readCommittedState(store, '', 'longrun');
    expect(latest.seq).toBe(1);
    expect(latest.manifest?.resources.items.state).toEqual(committed.items.state);
    expect(latest.manifest?.resources.comments.state).toEqual(committed.comments.state);
  });
});
