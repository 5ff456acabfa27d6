/**
 * A run forced through several continuations (the Lambda handler with a fake
 * `getRemainingTimeInMillis` that runs out every few checks; its self-invoke
 * queued and run in this process, as Lambda's asynchronous invoke would) while
 * the API injects 429, 5xx and dropped connections: the committed view and the
 * state equal those of one uninterrupted run without faults, round after round.
 */
import { clearTokenCache } from '../../lambdas/auth/tokenCache';
import { RunFailedError } from '../../lambdas/errors/RunFailedError';
import { createHandler } from '../../lambdas/handler';
import { silentLogger } from '../../lambdas/observability/Logger';
import { RunMetrics } from '../../lambdas/observability/metrics';
import { readCommittedState } from '../../lambdas/commit/committedState';
import type { RunSummary } from '../../lambdas/run/RunSummary';
import { clearSecrets } from '../../lambdas/secrets/Redactor';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import { S3Store } from '../../lambdas/sink/S3Store';
import { createTestBucket, testS3Client } from '../support/aws';
import { generateRecords, startFakeApi } from '../support/fakeApi';
import type { FakeApi } from '../support/fakeApi';
import { committedStateOf, failedManifest, range, sortedIds, verifiedCommittedView } from './support/committedView';

const SOURCE = 'chained';
const ITEMS_PATH = '/public/offset/items';
const COMMENTS = /^\/public\/offset\/items\/\d+\/comments$/;

let api: FakeApi;

function definition(): Record<string, unknown> {
  const incremental = (cursor: string) => ({ params: { since: '{incremental.start_value}' }, incremental: { cursor_path: cursor, initial_value: '2023-01-01T00:00:00Z' } });
  return {
    name: SOURCE,
    client: { base_url: api.baseUrl, retries: { limit: 5, max_delay_ms: 20 }, paginator: { type: 'offset', limit: 4, total_path: 'total' } },
    resources: [
      { name: 'items', primary_key: 'id', endpoint: { path: 'public/offset/items', data_selector: 'items', ...incremental('updated_at') } },
      {
        name: 'comments',
        primary_key: 'id',
        include_from_parent: ['id'],
        endpoint: { path: 'public/offset/items/{resources.items.id}/comments', data_selector: 'items', paginator: { type: 'offset', limit: 2, total_path: 'total' }, ...incremental('updated_at') },
      },
    ],
    run: { part_max_records: 5, safety_margin_ms: 1000, max_continuations: 100 },
  };
}

/**
 * Runs one scheduled run to its end: every `budget`-th look at the clock finds
 * the invocation out of time; each self-invoke is queued and then handled.
 * @param summaries receives each invocation's summary (also when one throws)
 */
async function runChained(store: S3Store, budget: number, summaries: RunSummary[] = []): Promise<RunSummary[]> {
  const queue: unknown[] = [{ trigger: 'schedule' }];
  const handler = createHandler(definition(), {
    store,
    secrets: new FileSecretStore({}),
    logger: silentLogger,
    createMetrics: (s) => new RunMetrics(s.name),
    invoke: async (_functionName, payload) => void queue.push(payload),
  });
  for (let event = queue.shift(); event !== undefined; event = queue.shift()) {
    let checks = 0;
    const context = { functionName: 'sluice-chained', getRemainingTimeInMillis: () => (++checks % budget === 0 ? 0 : 60_000) };
    summaries.push((await handler(event, context)) as RunSummary);
  }
  return summaries;
}

/** One uninterrupted run without faults, the reference. */
async function runOnce(store: S3Store): Promise<RunSummary> {
  const handler = createHandler(definition(), { store, secrets: new FileSecretStore({}), logger: silentLogger, createMetrics: (s) => new RunMetrics(s.name) });
  return (await handler({ trigger: 'schedule' })) as RunSummary;
}

/** Faults spread over the run: 429 with and without Retry-After, 5xx, drops. */
function addFaults(): void {
  api.addFault({ path: ITEMS_PATH, kind: 'status', status: 429, retryAfter: 1, times: 3, skip: 1 });
  api.addFault({ path: ITEMS_PATH, kind: 'status', status: 500, times: 2, skip: 4 });
  api.addFault({ path: ITEMS_PATH, kind: 'drop-mid-body', skip: 7 });
  api.addFault({ path: COMMENTS, kind: 'status', status: 503, times: 2, skip: 3 });
  api.addFault({ path: COMMENTS, kind: 'status', status: 429, times: 2, skip: 9 });
  api.addFault({ path: COMMENTS, kind: 'drop', skip: 15 });
  api.addFault({ path: COMMENTS, kind: 'status', status: 502, times: 3, skip: 24 });
}

async function stateOf(store: S3Store): Promise<unknown> {
  const { manifest } = await readCommittedState(store, '', SOURCE);
  return Object.fromEntries(Object.entries(manifest?.resources ?? {}).map(([name, r]) => [name, r.state]));
}

function expectedCommentIds(items: number): number[] {
  return range(items).flatMap((id) => api.childRecords('items', id).map((c) => c.id)).sort((a, b) => a - b);
}

beforeAll(async () => {
  api = await startFakeApi({ collections: { items: 0 }, childrenPerParent: 3 });
});
beforeEach(() => {
  clearTokenCache();
  api.clearFaults();
});
afterEach(() => clearSecrets());
afterAll(() => api.close());

describe('a continued run under API faults', () => {
  it('commits the same view and state as an uninterrupted run, round after round', async () => {
    const reference = new S3Store({ bucket: await createTestBucket('sluice-rel-once'), client: testS3Client() });
    const chained = new S3Store({ bucket: await createTestBucket('sluice-rel-chain'), client: testS3Client() });
    // Records in the API, and the faults that fire in that round's requests (the second, incremental, round is shorter).
    for (const [total, faultsFired] of [[14, 13], [23, 10]]) {
      api.setRecords('items', generateRecords('items', total));
      api.clearFaults();
      await runOnce(reference);

      addFaults();
      api.clearLog();
      const summaries = await runChained(chained, 3);
      // Round 1: every status and drop fault fired, 3 + 2 on items, 2 + 2 + 1 + 3 on comments (a body cut short is logged as its 200).
      expect(api.requests.filter((r) => r.status !== 200).length).toBe(faultsFired);
      expect(summaries.length).toBeGreaterThanOrEqual(3);
      expect(summaries.slice(0, -1).every((s) => s.status === 'continued')).toBe(true);
      expect(summaries[summaries.length - 1].status).toBe('succeeded');
      expect(new Set(summaries.map((s) => s.run_id)).size).toBe(1);

      const view = await verifiedCommittedView(chained, SOURCE);
      expect(sortedIds(view.items)).toEqual(range(total));
      expect(sortedIds(view.comments)).toEqual(expectedCommentIds(total));
      expect(view).toEqual(await verifiedCommittedView(reference, SOURCE));
      expect(await stateOf(chained)).toEqual(await stateOf(reference));
      expect(await chained.list(`${SOURCE}/_checkpoints/`)).toEqual([]);
    }
  });

  it('fails cleanly in a continuation when the API turns to HTML, state unmoved, and the next run commits every record once', async () => {
    const store = new S3Store({ bucket: await createTestBucket('sluice-rel-chain'), client: testS3Client() });
    api.setRecords('items', generateRecords('items', 6));
    await runChained(store, 3);
    const before = await committedStateOf(store, SOURCE);

    api.setRecords('items', generateRecords('items', 20));
    addFaults();
    // Late in the run: several continuations happen before the API breaks.
    api.addFault({ path: COMMENTS, kind: 'html', skip: 30, times: Infinity });
    const continued: RunSummary[] = [];
    const failure = await runChained(store, 3, continued).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RunFailedError);
    expect(continued.length).toBeGreaterThanOrEqual(2);
    expect(continued.every((s) => s.status === 'continued')).toBe(true);
    expect((failure as Error).message).toMatch(/not JSON/);
    await failedManifest(store, SOURCE, (failure as RunFailedError).summary.run_id);
    expect(await committedStateOf(store, SOURCE)).toEqual(before);

    api.clearFaults();
    addFaults();
    await runChained(store, 3);
    const view = await verifiedCommittedView(store, SOURCE);
    expect(sortedIds(view.items)).toEqual(range(20));
    expect(sortedIds(view.comments)).toEqual(expectedCommentIds(20));
  });
});
