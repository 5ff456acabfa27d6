/**
 * `parallelized` children cut short by `max_pages` (the ahead keys of a
 * truncated append run, run/aheadKeys.ts) against the fake API: each chain
 * keeps its own ahead keys, also while it is open in a checkpoint, the limit
 * counts the keys of every chain of the resource however many run at once, and
 * a continuation with chains in flight carries both the ahead keys and the
 * inferred schema, so the committed run equals an uninterrupted one and the
 * run after it commits every child record once.
 */
import { readCheckpoint } from '../../lambdas/commit/checkpoint';
import { readCommittedState } from '../../lambdas/commit/committedState';
import { validateSource } from '../../lambdas/config/validateSource';
import { AheadKeysLimitError } from '../../lambdas/errors/AheadKeysLimitError';
import { RunFailedError } from '../../lambdas/errors/RunFailedError';
import { MAX_AHEAD_KEYS } from '../../lambdas/run/aheadKeys';
import { runSource } from '../../lambdas/run/runSource';
import { S3Store } from '../../lambdas/sink/S3Store';
import { createTestBucket, testS3Client } from '../support/aws';
import { generateRecords, startFakeApi } from '../support/fakeApi';
import type { FakeApi, FakeRecord } from '../support/fakeApi';
import { runInvocations } from '../lambdas/run/runSource.fixtures';
import { noSecrets } from '../lambdas/run/runSource.secrets';
import { range, sortedIds, verifiedCommittedView } from './support/committedView';

const SOURCE = 'fanahead';
const CHAINS = 8;
const PARENTS = 16;
const COMMENTS = /^\/public\/offset\/items\/\d+\/comments$/;

/**
 * The parents; the first one's `score` is 1.5, every other one's an integer:
 * the comments carry it (include_from_parent), so their schema says double only
 * if the records of the first parent's chain were seen by the inference.
 */
function parents(): FakeRecord[] {
  return generateRecords('items', PARENTS).map((r) => ({ ...r, score: r.id === 1 ? 1.5 : r.id }));
}

/** items, and their comments incremental per parent, `pageSize` a page; `maxPages` on comments only. */
function source(api: FakeApi, options: { pageSize: number; maxPages?: number; partMaxRecords?: number }) {
  return validateSource({
    name: SOURCE,
    client: { base_url: api.baseUrl, concurrency: CHAINS, paginator: { type: 'offset', limit: 8, total_path: 'total' } },
    resources: [
      { name: 'items', primary_key: 'id', endpoint: { path: 'public/offset/items', data_selector: 'items' } },
      {
        name: 'comments',
        primary_key: 'id',
        parallelized: true,
        include_from_parent: ['id', 'score'],
        ...(options.maxPages ? { max_pages: options.maxPages } : {}),
        endpoint: {
          path: 'public/offset/items/{resources.items.id}/comments',
          data_selector: 'items',
          paginator: { type: 'offset', limit: options.pageSize, total_path: 'total' },
          params: { since: '{incremental.start_value}' },
          incremental: { cursor_path: 'updated_at', initial_value: '2023-01-01T00:00:00Z' },
        },
      },
    ],
    run: { part_max_records: options.partMaxRecords ?? 5, safety_margin_ms: 1000, max_continuations: 500 },
  });
}

const bucket = async (): Promise<S3Store> => new S3Store({ bucket: await createTestBucket('sluice-fanahead'), client: testS3Client() });

/** The committed entry of `comments`: its per-parent states and its schema. */
async function committedComments(store: S3Store) {
  const { manifest } = await readCommittedState(store, '', SOURCE);
  return manifest?.resources.comments;
}

const aheadCounts = (entry: Awaited<ReturnType<typeof committedComments>>): number[] =>
  Object.values(entry?.state?.per_parent ?? {}).map((s) => s.ahead_keys?.length ?? 0);

describe('parallelized chains cut short by max_pages', () => {
  let api: FakeApi;
  const commentIds = (): number[] => range(PARENTS).flatMap((id) => api.childRecords('items', id).map((c) => c.id)).sort((a, b) => a - b);

  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: parents() }, childrenPerParent: 6 });
  });
  beforeEach(() => {
    api.clearFaults();
    api.clearLog();
    // Every comments response takes a little while: the chains' requests overlap on the wire.
    api.addFault({ path: COMMENTS, kind: 'slow', delayMs: 15, times: Infinity });
  });
  afterAll(() => api.close());

  it('keep the ahead keys of each chain, and the next full run commits every comment once', async () => {
    const store = await bucket();
    const cut = await runSource({ source: source(api, { pageSize: 2, maxPages: 2 }), store, secrets: noSecrets(), trigger: 'manual' });
    expect(cut.status).toBe('succeeded');
    expect(cut.resources.comments).toMatchObject({ records: PARENTS * 4, truncated: true });
    expect(Math.max(...api.requests.filter((r) => COMMENTS.test(r.path)).map((r) => r.inFlight))).toBeGreaterThan(1);
    // Each chain wrote 2 pages of 2 above the state it kept: 4 keys each, its own.
    expect(aheadCounts(await committedComments(store))).toEqual(range(PARENTS).map(() => 4));

    const full = await runSource({ source: source(api, { pageSize: 2 }), store, secrets: noSecrets(), trigger: 'manual' });
    // Only each chain's third page is new to the committed view.
    expect(full.resources.comments.records).toBe(PARENTS * 2);
    const view = await verifiedCommittedView(store, SOURCE);
    expect(sortedIds(view.comments)).toEqual(commentIds());
    expect(aheadCounts(await committedComments(store))).toEqual(range(PARENTS).map(() => 0));
  });

  it('carry each open chain ahead keys and the inferred schema through continuations cut with chains in flight', async () => {
    const reference = await bucket();
    await runSource({ source: source(api, { pageSize: 2, maxPages: 2 }), store: reference, secrets: noSecrets(), trigger: 'manual' });
    const expected = await committedComments(reference);
    expect(expected?.schema).toBeDefined();
    let openWithKeys = 0;
    for (const budget of [4, 10, 20]) {
      const store = await bucket();
      let schemas = 0;
      const summaries = await runInvocations({ source: source(api, { pageSize: 2, maxPages: 2 }), secrets: noSecrets(), trigger: 'schedule' }, store, budget, async (key) => {
        const checkpoint = await readCheckpoint(store, key);
        const current = checkpoint.current;
        if (current?.resource !== 'comments') return;
        openWithKeys = Math.max(openWithKeys, (current.position.parents?.open ?? []).filter((c) => (c.aheadWritten?.length ?? 0) > 0).length);
        if (current.records > 0) {
          expect(current.schema).toBeDefined();
          schemas++;
        }
      });
      expect(summaries.length).toBeGreaterThan(1);
      expect(summaries[summaries.length - 1].status).toBe('succeeded');
      expect(schemas).toBeGreaterThan(0);
      // The same state (ahead keys included, per parent) and the same schema as the run never interrupted.
      const committed = await committedComments(store);
      expect(committed?.state).toEqual(expected?.state);
      expect(committed?.schema).toEqual(expected?.schema);

      await runSource({ source: source(api, { pageSize: 2 }), store, secrets: noSecrets(), trigger: 'manual' });
      expect(sortedIds((await verifiedCommittedView(store, SOURCE)).comments)).toEqual(commentIds());
    }
    // Some cut caught several chains, each holding ahead keys, between two of their pages.
    expect(openWithKeys).toBeGreaterThan(1);
  });
});

describe('the ahead keys limit with parallelized chains', () => {
  // 16 chains cut after a first page of 700 records, 700 keys each: none near the limit alone, together past it.
  const PER_PARENT = 700;
  let api: FakeApi;

  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: parents() }, childrenPerParent: PER_PARENT + 1 });
    api.addFault({ path: COMMENTS, kind: 'slow', delayMs: 15, times: Infinity });
  });
  afterAll(() => api.close());

  it('counts the keys of every chain of the resource, and the run fails committing nothing', async () => {
    const store = await bucket();
    const error = await runSource({ source: source(api, { pageSize: PER_PARENT, maxPages: 1, partMaxRecords: 10_000 }), store, secrets: noSecrets(), trigger: 'manual' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    const cause = (error as RunFailedError).cause as AheadKeysLimitError;
    expect(cause).toBeInstanceOf(AheadKeysLimitError);
    // Whatever order the chains end in, the one that passes the limit is the 15th.
    expect(cause).toMatchObject({ code: 'ahead_keys_limit', resource: 'comments', count: Math.ceil((MAX_AHEAD_KEYS + 1) / PER_PARENT) * PER_PARENT });
    expect(Math.max(...api.requests.filter((r) => COMMENTS.test(r.path)).map((r) => r.inFlight))).toBeGreaterThan(1);
    expect((await readCommittedState(store, '', SOURCE)).seq).toBe(0);
  });
});
