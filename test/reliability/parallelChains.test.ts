/**
 * `parallelized: true` against the fake API: a child runs up to
 * `client.concurrency` parent chains at once, and top-level parallelized
 * resources run at the same time as one another. The committed view is exact
 * (every parent, every child record once, each with its parent field, each
 * chain's records in page order) uninterrupted, under injected faults, and
 * across continuations cut with chains in flight; the API's request log shows
 * chains overlapping and never more of them than the limit.
 */
import { readCheckpoint } from '../../lambdas/commit/checkpoint';
import type { Checkpoint } from '../../lambdas/commit/checkpoint';
import { readCommittedState } from '../../lambdas/commit/committedState';
import { validateSource } from '../../lambdas/config/validateSource';
import { runSource } from '../../lambdas/run/runSource';
import type { RunSummary } from '../../lambdas/run/RunSummary';
import { S3Store } from '../../lambdas/sink/S3Store';
import { createTestBucket, testS3Client } from '../support/aws';
import { generateRecords, startFakeApi } from '../support/fakeApi';
import type { FakeApi, LoggedRequest } from '../support/fakeApi';
import { runInvocations } from '../lambdas/run/runSource.fixtures';
import { noSecrets } from '../lambdas/run/runSource.secrets';
import { range, sortedIds, verifiedCommittedView } from './support/committedView';

const SOURCE = 'fanout';
const CHAINS = 8;
const PARENTS = 16;
const COMMENTS = /^\/public\/offset\/items\/\d+\/comments$/;

let api: FakeApi;

/** items (the parents) and their comments, 3 pages of 2 per parent, incremental per parent; `users` beside items. */
function source(options: { concurrency?: number; users?: boolean; comments?: boolean } = {}) {
  const since = { params: { since: '{incremental.start_value}' }, incremental: { cursor_path: 'updated_at', initial_value: '2023-01-01T00:00:00Z' } };
  return validateSource({
    name: SOURCE,
    client: { base_url: api.baseUrl, concurrency: options.concurrency ?? CHAINS, retries: { limit: 6, max_delay_ms: 20 }, paginator: { type: 'offset', limit: 8, total_path: 'total' } },
    resources: [
      { name: 'items', primary_key: 'id', parallelized: true, endpoint: { path: 'public/offset/items', data_selector: 'items' } },
      ...(options.users ? [{ name: 'users', primary_key: 'id', parallelized: true, endpoint: { path: 'public/offset/users', data_selector: 'items', paginator: { type: 'offset', limit: 2, total_path: 'total' } } }] : []),
      ...(options.comments === false
        ? []
        : [
      {
        name: 'comments',
        primary_key: 'id',
        parallelized: true,
        include_from_parent: ['id'],
        endpoint: { path: 'public/offset/items/{resources.items.id}/comments', data_selector: 'items', paginator: { type: 'offset', limit: 2, total_path: 'total' }, ...since },
      },
          ]),
    ],
    run: { part_max_records: 5, safety_margin_ms: 1000, max_continuations: 500 },
  });
}

const commentRequests = (): LoggedRequest[] => api.requests.filter((r) => COMMENTS.test(r.path));

function expectedCommentIds(): number[] {
  return range(PARENTS).flatMap((id) => api.childRecords('items', id).map((c) => c.id)).sort((a, b) => a - b);
}

/** Checks the committed view: every parent, every comment once with its parent's id, each parent's comments in page order. */
async function expectExactView(store: S3Store): Promise<void> {
  const view = await verifiedCommittedView(store, SOURCE);
  expect(sortedIds(view.items)).toEqual(range(PARENTS));
  expect(sortedIds(view.comments)).toEqual(expectedCommentIds());
  for (const comment of view.comments) expect(comment._items_id).toBe(comment.parent_id);
  for (const parent of range(PARENTS)) {
    // Part files interleave chains; within one chain the order is the API's page order.
    const ids = view.comments.filter((c) => c.parent_id === parent).map((c) => c.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  }
}

/** The committed incremental state of every resource. */
async function stateOf(store: S3Store): Promise<unknown> {
  const { manifest } = await readCommittedState(store, '', SOURCE);
  return Object.fromEntries(Object.entries(manifest?.resources ?? {}).map(([name, r]) => [name, r.state]));
}

const bucket = async (): Promise<S3Store> => new S3Store({ bucket: await createTestBucket('sluice-fanout'), client: testS3Client() });

/** Every comments response takes a little while, as a real API's would: the chains' requests overlap on the wire. */
function slowComments(): void {
  api.addFault({ path: COMMENTS, kind: 'slow', delayMs: 15, times: Infinity });
}

beforeAll(async () => {
  api = await startFakeApi({ collections: { items: generateRecords('items', PARENTS), users: 10 }, childrenPerParent: 6 });
});
beforeEach(() => {
  api.clearFaults();
  api.clearLog();
});
afterAll(() => api.close());

describe('parallelized: a child runs its parent chains concurrently', () => {
  it('commits every child record once, with overlapping chains and never more than client.concurrency of them', async () => {
    const store = await bucket();
    slowComments();
    const summary = await runSource({ source: source(), store, secrets: noSecrets(), trigger: 'manual' });
    expect(summary.status).toBe('succeeded');
    await expectExactView(store);
    const inFlight = commentRequests().map((r) => r.inFlight);
    expect(Math.max(...inFlight)).toBeGreaterThan(1);
    expect(Math.max(...inFlight)).toBeLessThanOrEqual(CHAINS);
    // Each page of each chain asked once.
    expect(new Set(commentRequests().map((r) => r.url)).size).toBe(commentRequests().length);
  });

  it('keeps offset pages fetched with paginator.concurrency inside the same budget as the chains', async () => {
    const store = await bucket();
    slowComments();
    const definition = source();
    // Each chain fetches its remaining pages 4 at a time once the first page told the total: 8 chains could ask for 32.
    const paged = {
      ...definition,
      resources: definition.resources.map((r) =>
        r.name === 'comments' && r.endpoint.paginator.type === 'offset' ? { ...r, endpoint: { ...r.endpoint, paginator: { ...r.endpoint.paginator, limit: 1, concurrency: 4 } } } : r,
      ),
    };
    const summary = await runSource({ source: paged, store, secrets: noSecrets(), trigger: 'manual' });
    expect(summary.status).toBe('succeeded');
    await expectExactView(store);
    expect(commentRequests()).toHaveLength(PARENTS * 6);
    const inFlight = commentRequests().map((r) => r.inFlight);
    expect(Math.max(...inFlight)).toBeGreaterThan(1);
    expect(Math.max(...inFlight)).toBeLessThanOrEqual(CHAINS);
  });

  it('runs one chain at a time without parallelized, as before', async () => {
    const store = await bucket();
    slowComments();
    const definition = source();
    const sequential = { ...definition, resources: definition.resources.map((r) => ({ ...r, parallelized: false })) };
    await runSource({ source: sequential, store, secrets: noSecrets(), trigger: 'manual' });
    await expectExactView(store);
    expect(Math.max(...commentRequests().map((r) => r.inFlight))).toBe(1);
  });

  it('keeps the view exact under 5xx, dropped connections and 429 with Retry-After, still within the limit', async () => {
    const reference = await bucket();
    await runSource({ source: source({ concurrency: 1 }), store: reference, secrets: noSecrets(), trigger: 'manual' });
    const store = await bucket();
    api.clearLog();
    api.addFault({ path: COMMENTS, kind: 'status', status: 503, times: 3, skip: 5 });
    api.addFault({ path: COMMENTS, kind: 'drop', times: 2, skip: 12 });
    api.addFault({ path: COMMENTS, kind: 'drop-mid-body', skip: 20 });
    api.addFault({ path: COMMENTS, kind: 'status', status: 429, retryAfter: 1, times: 2, skip: 30 });
    api.addFault({ path: COMMENTS, kind: 'status', status: 500, times: 2, skip: 45 });
    slowComments();
    const summary = await runSource({ source: source(), store, secrets: noSecrets(), trigger: 'manual' });
    expect(summary.status).toBe('succeeded');
    // 3 + 2 + 2 + 2 faults answered without a 200 (a body cut short is logged as its 200).
    expect(commentRequests().filter((r) => r.status !== 200)).toHaveLength(9);
    await expectExactView(store);
    expect(await stateOf(store)).toEqual(await stateOf(reference));
    const inFlight = commentRequests().map((r) => r.inFlight);
    expect(Math.max(...inFlight)).toBeGreaterThan(1);
    expect(Math.max(...inFlight)).toBeLessThanOrEqual(CHAINS);
  });

  it('resumes chains cut in flight at several points: no finished parent fetched again, no unfinished one skipped', async () => {
    const reference = await bucket();
    await runSource({ source: source({ concurrency: 1 }), store: reference, secrets: noSecrets(), trigger: 'manual' });
    let mostOpen = 0;
    // Each invocation looks at its clock this many times before it finds itself out of time.
    for (const budget of [4, 10, 20]) {
      const store = await bucket();
      api.clearLog();
      slowComments();
      const open: number[] = [];
      const summaries: RunSummary[] = await runInvocations({ source: source(), secrets: noSecrets(), trigger: 'schedule' }, store, budget, async (key) => {
        const checkpoint: Checkpoint = await readCheckpoint(store, key);
        open.push(checkpoint.current?.position.parents?.open.length ?? 0);
      });
      api.clearFaults();
      expect(summaries.length).toBeGreaterThan(1);
      expect(summaries[summaries.length - 1].status).toBe('succeeded');
      expect(new Set(summaries.map((s) => s.run_id)).size).toBe(1);
      await expectExactView(store);
      expect(await stateOf(store)).toEqual(await stateOf(reference));
      // Without faults, every page of every chain is asked for exactly once across all invocations.
      const urls = commentRequests().map((r) => r.url);
      expect(urls).toHaveLength(PARENTS * 3);
      expect(new Set(urls).size).toBe(urls.length);
      expect(Math.max(...commentRequests().map((r) => r.inFlight))).toBeLessThanOrEqual(CHAINS);
      mostOpen = Math.max(mostOpen, ...open);
    }
    // Some cut caught several chains between two of their pages.
    expect(mostOpen).toBeGreaterThan(1);
  });
});

describe('parallelized: top-level resources run at the same time as one another', () => {
  const usersOrItems = (r: LoggedRequest): boolean => r.path === '/public/offset/users' || r.path === '/public/offset/items';

  it('overlaps the requests of two parallelized top-level resources, and commits both whole', async () => {
    const store = await bucket();
    api.addFault({ path: /^\/public\/offset\/(users|items)$/, kind: 'slow', delayMs: 15, times: Infinity });
    const summary = await runSource({ source: source({ users: true }), store, secrets: noSecrets(), trigger: 'manual' });
    expect(summary.status).toBe('succeeded');
    await expectExactView(store);
    const view = await verifiedCommittedView(store, SOURCE);
    expect(sortedIds(view.users)).toEqual(range(10));
    const top = api.requests.filter(usersOrItems);
    // A request of one arrived while one of the other was being answered.
    expect(top.some((r, i) => r.inFlight > 1 && top.slice(0, i).some((e) => e.path !== r.path))).toBe(true);
  });

  it('pauses them together and resumes each where it stood', async () => {
    const reference = await bucket();
    const only = { users: true, comments: false };
    await runSource({ source: source({ ...only, concurrency: 1 }), store: reference, secrets: noSecrets(), trigger: 'manual' });
    let alongside = 0;
    for (const budget of [1, 2, 3]) {
      const store = await bucket();
      api.clearLog();
      api.addFault({ path: /^\/public\/offset\/(users|items)$/, kind: 'slow', delayMs: 15, times: Infinity });
      const summaries = await runInvocations({ source: source(only), secrets: noSecrets(), trigger: 'schedule' }, store, budget, async (key) => {
        alongside = Math.max(alongside, (await readCheckpoint(store, key)).alongside?.length ?? 0);
      });
      api.clearFaults();
      expect(summaries[summaries.length - 1].status).toBe('succeeded');
      const view = await verifiedCommittedView(store, SOURCE);
      expect(sortedIds(view.items)).toEqual(range(PARENTS));
      expect(sortedIds(view.users)).toEqual(range(10));
      expect(await stateOf(store)).toEqual(await stateOf(reference));
      const top = api.requests.filter(usersOrItems).map((r) => r.url);
      expect(new Set(top).size).toBe(top.length);
    }
    expect(alongside).toBe(1);
  });
});
