/**
 * One commit per seq, enforced by storage (issue 15, case 1). Two runs of a
 * source into one bucket or folder, started together, must never both
 * commit: the commit is a conditional create (S3 `If-None-Match: *`, local
 * exclusive create), and a bucket run takes a lease before its first request.
 * moto 5.2 honours `If-None-Match` and `If-Match` on PutObject, so these run
 * against moto itself (see test/lambdas/sink/ObjectStore.test.ts).
 */
import { atomicConditionals } from './support/atomicConditionals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitKey, leaseKey, manifestsPrefix, statePointerKey } from '../../lambdas/commit/layout';
import type { LeaseContent } from '../../lambdas/commit/lease';
import type { Manifest } from '../../lambdas/commit/manifest';
import { parseManifest } from '../../lambdas/commit/manifest';
import { validateSource } from '../../lambdas/config/validateSource';
import { ConcurrentRunError } from '../../lambdas/errors/ConcurrentRunError';
import { createHandler } from '../../lambdas/handler';
import { silentLogger } from '../../lambdas/observability/Logger';
import { RunMetrics } from '../../lambdas/observability/metrics';
import { runSource } from '../../lambdas/run/runSource';
import type { RunSummary } from '../../lambdas/run/RunSummary';
import { commitStateChange, planStateChange } from '../../lambdas/run/stateChange';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import { LocalStore } from '../../lambdas/sink/LocalStore';
import type { ObjectStore } from '../../lambdas/sink/ObjectStore';
import { S3Store } from '../../lambdas/sink/S3Store';
import { createTestBucket, testS3Client } from '../support/aws';
import { generateRecords, startFakeApi } from '../support/fakeApi';
import type { FakeApi } from '../support/fakeApi';
import { firstSettled, startHeldApi } from '../support/heldApi';
import type { HeldApi } from '../support/heldApi';
import { startFaultProxy } from '../support/faultProxy';
import { CommitGate } from './support/concurrency';
import { sortedIds, verifiedCommittedView } from './support/committedView';

const SOURCE = 'race';
const RECORDS = [1, 2, 3].map((id) => ({ id, name: `r${id}` }));

function raceSource(url: string): ReturnType<typeof validateSource> {
  return validateSource({
    name: SOURCE,
    client: { base_url: url, paginator: { type: 'single_page' } },
    resources: [{ name: 'items', primary_key: 'id', endpoint: { path: 'items', data_selector: 'data' } }],
  });
}

/** Every manifest in `_manifests/`, as stored. */
async function manifests(store: ObjectStore): Promise<Manifest[]> {
  const dir = manifestsPrefix('', SOURCE);
  const out: Manifest[] = [];
  for (const key of await store.list(dir)) out.push(parseManifest((await store.get(key)) as Buffer, key));
  return out;
}

async function bucket(): Promise<S3Store> {
  // moto decides two simultaneous conditional writes non-atomically; S3 does not (support/atomicConditionals.ts).
  return atomicConditionals(new S3Store({ bucket: await createTestBucket('sluice-race'), client: testS3Client() }));
}

function run(store: ObjectStore, url: string): Promise<RunSummary> {
  return runSource({ source: raceSource(url), store, secrets: new FileSecretStore({}), trigger: 'manual' });
}

/** An invocation context with time to spare. */
const ROOMY = { functionName: 'sluice-race', getRemainingTimeInMillis: () => 60_000 };

/**
 * A run of 12 records into `store` that ran out of time after its second page
 * and handed itself on: its first summary, the continuation event, and a
 * handler of the same source over any store (one delivery each).
 */
async function continuedRun(fake: FakeApi, store: ObjectStore): Promise<{ first: RunSummary; continuation: unknown; handlerOn: (store: ObjectStore) => ReturnType<typeof createHandler> }> {
  fake.setRecords('items', generateRecords('items', 12));
  const definition = {
    name: SOURCE,
    client: { base_url: fake.baseUrl, paginator: { type: 'offset', limit: 2, total_path: 'total' } },
    resources: [{ name: 'items', primary_key: 'id', endpoint: { path: 'public/offset/items', data_selector: 'items' } }],
    run: { safety_margin_ms: 1000 },
  };
  const invocations: unknown[] = [];
  const handlerOn = (on: ObjectStore) =>
    createHandler(definition, { store: on, secrets: new FileSecretStore({}), logger: silentLogger, createMetrics: (s) => new RunMetrics(s.name), invoke: async (_f, payload) => void invocations.push(payload) });
  let checks = 0;
  const first = (await handlerOn(store)({ trigger: 'schedule' }, { functionName: 'sluice-race', getRemainingTimeInMillis: () => (++checks > 2 ? 0 : 60_000) })) as RunSummary;
  expect(first.status).toBe('continued');
  return { first, continuation: invocations[0], handlerOn };
}

let api: HeldApi;
beforeEach(async () => {
  api = await startHeldApi(RECORDS);
});
afterEach(() => api.close());

describe('one commit per seq', () => {
  it('lets only one of two runs started together into one bucket commit; the other fails fast with concurrent_run', async () => {
    const store = await bucket();
    const runs = [run(store, api.url), run(store, api.url)];
    // Answer once both runs are in the API, or as soon as one of them stopped without asking.
    await Promise.race([api.arrived(2), firstSettled(runs)]);
    api.open();
    const [a, b] = await Promise.allSettled(runs);

    const won = [a, b].filter((r): r is PromiseFulfilledResult<RunSummary> => r.status === 'fulfilled');
    const lost = [a, b].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(ConcurrentRunError);
    expect((lost[0].reason as ConcurrentRunError).code).toBe('concurrent_run');
    expect((lost[0].reason as Error).message).toContain(`run ${won[0].value.run_id}`);
    // The lease stopped the second run before its first request.
    expect(api.requests).toBe(1);
    const succeeded = (await manifests(store)).filter((m) => m.status === 'succeeded');
    expect(succeeded.map((m) => [m.seq, m.run_id])).toEqual([[1, won[0].value.run_id]]);
    expect(sortedIds((await verifiedCommittedView(store, SOURCE)).items)).toEqual([1, 2, 3]);
  });

  it('refuses the commit of a run whose stale lease was taken over: the run that committed the seq first wins', async () => {
    const store = await bucket();
    const slow = new CommitGate(store);
    const first = run(slow, api.url);
    api.open();
    await slow.atCommit;
    // The slow run stalled past its lease: another run takes the stale lease over, runs and commits seq 1.
    const key = leaseKey('', SOURCE);
    const stalled = { ...(JSON.parse(((await store.get(key)) ?? Buffer.from('{}')).toString('utf8')) as LeaseContent), expires_at: new Date(Date.now() - 1).toISOString() };
    await store.putBytes(key, JSON.stringify(stalled), 'application/json');
    const second = await run(store, api.url);
    expect(second).toMatchObject({ status: 'succeeded' });
    slow.release();
    const error = await first.catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConcurrentRunError);
    expect((error as Error).message).toMatch(new RegExp(`^run ${second.run_id} committed seq 1 of source "race" in s3://`));
    const all = await manifests(store);
    expect(all.filter((m) => m.status === 'succeeded').map((m) => [m.seq, m.run_id])).toEqual([[1, second.run_id]]);
    // The loser's attempt is on record as failed, with the code's message.
    expect(all.filter((m) => m.status === 'failed')).toEqual([expect.objectContaining({ seq: 1, error: expect.stringMatching(/committed seq 1 .* first/) })]);
    expect(JSON.parse(((await store.get(commitKey('', SOURCE, 1))) as Buffer).toString('utf8'))).toMatchObject({ run_id: second.run_id });
    expect(sortedIds((await verifiedCommittedView(store, SOURCE)).items)).toEqual([1, 2, 3]);
  });

  it('lets only one of two runs committing into one local folder at once win, by exclusive create', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'sluice-race-')));
    const gates = [new CommitGate(store), new CommitGate(store)];
    const runs = gates.map((gate) => run(gate, api.url));
    api.open();
    // Both have read the committed state (seq 0) and written their data; now both commit at once.
    await Promise.all(gates.map((g) => g.atCommit));
    for (const gate of gates) gate.release();
    const results = await Promise.allSettled(runs);

    const won = results.filter((r): r is PromiseFulfilledResult<RunSummary> => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as ConcurrentRunError).code)).toEqual(['concurrent_run']);
    expect((await manifests(store)).filter((m) => m.status === 'succeeded').map((m) => [m.seq, m.run_id])).toEqual([[1, won[0].value.run_id]]);
    expect(sortedIds((await verifiedCommittedView(store, SOURCE)).items)).toEqual([1, 2, 3]);
  });

  it('takes over the stale lease of a run that died, and fails fast on a live one without a request', async () => {
    const store = await bucket();
    api.open();
    const dead: LeaseContent = { run_id: '20261129T010000Z-deadbeef', invocation: 0, holder: 'gone 1', expires_at: new Date(Date.now() - 1000).toISOString(), token: 'x' };
    await store.putBytes(leaseKey('', SOURCE), JSON.stringify(dead), 'application/json');
    const summary = await run(store, api.url);
    expect(summary.status).toBe('succeeded');
    expect(JSON.parse(((await store.get(leaseKey('', SOURCE))) as Buffer).toString('utf8'))).toMatchObject({ run_id: summary.run_id, released: true });

    const live: LeaseContent = { ...dead, run_id: '20261129T030000Z-0badf00d', expires_at: new Date(Date.now() + 60_000).toISOString() };
    await store.putBytes(leaseKey('', SOURCE), JSON.stringify(live), 'application/json');
    const requests = api.requests;
    const error = await run(store, api.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrentRunError);
    expect((error as Error).message).toContain('run 20261129T030000Z-0badf00d (gone 1) holds the run lease until');
    expect(api.requests).toBe(requests);
    expect((await manifests(store)).map((m) => m.seq)).toEqual([1]);
  });

  it('commits a state change through the same conditional create: of two at once, one wins', async () => {
    const store = await bucket();
    api.open();
    await run(store, api.url);
    const source = raceSource(api.url);
    const plans = await Promise.all([1, 2].map(() => planStateChange(store, '', source, { reset: {} })));
    const gates = [new CommitGate(store), new CommitGate(store)];
    const commits = gates.map((gate, i) => commitStateChange(gate, '', source, plans[i]));
    // Both planned seq 2 from the same state and are at their commit. moto's server checks
    // If-None-Match and stores the object in two steps, so two creates landing in the same
    // instant can both succeed there (S3 itself is atomic); the creates go one after the
    // other, which is the case the conditional create decides: the second finds seq 2 taken.
    await Promise.all(gates.map((g) => g.atCommit));
    gates[0].release();
    await commits[0].catch(() => undefined);
    gates[1].release();
    const results = await Promise.allSettled(commits);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as ConcurrentRunError).code] : []))).toEqual(['concurrent_run']);
    expect((await manifests(store)).filter((m) => m.status === 'succeeded').map((m) => m.seq).sort()).toEqual([1, 2]);
  });
});

describe('a continuation delivered twice', () => {
  it('resumes once: the second delivery exits cleanly, at once or after the run is done', async () => {
    const fake = await startFakeApi({ collections: { items: 0 } });
    try {
      fake.setRecords('items', generateRecords('items', 12));
      const store = await bucket();
      const invocations: unknown[] = [];
      const handler = createHandler(
        {
          name: SOURCE,
          client: { base_url: fake.baseUrl, paginator: { type: 'offset', limit: 2, total_path: 'total' } },
          resources: [{ name: 'items', primary_key: 'id', endpoint: { path: 'public/offset/items', data_selector: 'items' } }],
          run: { safety_margin_ms: 1000 },
        },
        { store, secrets: new FileSecretStore({}), logger: silentLogger, createMetrics: (s) => new RunMetrics(s.name), invoke: async (_f, payload) => void invocations.push(payload) },
      );
      // Out of time after the second page: the first invocation hands the run on.
      let checks = 0;
      const short = { functionName: 'sluice-race', getRemainingTimeInMillis: () => (++checks > 2 ? 0 : 60_000) };
      const first = (await handler({ trigger: 'schedule' }, short)) as RunSummary;
      expect(first.status).toBe('continued');
      expect(invocations).toEqual([{ continue: first.checkpoint_key }]);

      // Lambda delivers the continuation twice, at the same time.
      const roomy = { functionName: 'sluice-race', getRemainingTimeInMillis: () => 60_000 };
      const both = (await Promise.all([handler(invocations[0], roomy), handler(invocations[0], roomy)])) as RunSummary[];
      expect(both.map((s) => s.status).sort()).toEqual(['duplicate', 'succeeded']);
      // And once more, after the run is done and its checkpoint deleted.
      expect(await handler(invocations[0], roomy)).toEqual({ run_id: first.run_id, status: 'duplicate', resources: {} });

      const all = await manifests(store);
      expect(all.map((m) => [m.status, m.seq, m.run_id])).toEqual([['succeeded', 1, first.run_id]]);
      expect(sortedIds((await verifiedCommittedView(store, SOURCE)).items)).toEqual(fake.records('items').map((r) => r.id as number));
    } finally {
      await fake.close();
    }
  });

  it('lets only one delivery of a run commit: the one whose answer was lost knows its own commit, the other exits as a duplicate and leaves the commit as it is', async () => {
    const fake = await startFakeApi({ collections: { items: 0 } });
    const proxy = await startFaultProxy();
    try {
      const bucketName = await createTestBucket('sluice-race');
      const plain = new S3Store({ bucket: bucketName, client: testS3Client() });
      const { first, continuation, handlerOn } = await continuedRun(fake, plain);

      // Delivery A reaches S3 through a proxy that drops the answer to its commit after S3 stored it:
      // the SDK sends the create again and gets 412 for the object A itself created.
      proxy.addFault({ operation: 'PutObject', key: /_commits\//, kind: 'drop-after-forward' });
      const gateA = new CommitGate(new S3Store({ bucket: bucketName, client: proxy.client() }));
      const a = handlerOn(gateA)(continuation, ROOMY) as Promise<RunSummary>;
      await gateA.atCommit;
      // A stalls past its lease: Lambda delivers the continuation again, and delivery B takes the expired lease over.
      const key = leaseKey('', SOURCE);
      const held = JSON.parse(((await plain.get(key)) as Buffer).toString('utf8')) as LeaseContent;
      await plain.putBytes(key, JSON.stringify({ ...held, expires_at: new Date(Date.now() - 1).toISOString() }), 'application/json');
      const gateB = new CommitGate(plain);
      const b = handlerOn(gateB)(continuation, ROOMY) as Promise<RunSummary>;
      await gateB.atCommit;

      gateA.release();
      expect((await a).status).toBe('succeeded');
      expect(proxy.requests.filter((r) => r.operation === 'PutObject' && /_commits\//.test(r.key)).map((r) => r.status)).toEqual([0, 412]);
      const commit = ((await plain.get(commitKey('', SOURCE, 1))) as Buffer).toString('utf8');
      gateB.release();
      // Same run id, another delivery: not a concurrent run, and not a second commit.
      expect(await b).toEqual({ run_id: first.run_id, status: 'duplicate', resources: {} });

      expect(((await plain.get(commitKey('', SOURCE, 1))) as Buffer).toString('utf8')).toBe(commit);
      // The copy Athena reads and the pointer are the commit's, not B's.
      expect(((await plain.get(`${manifestsPrefix('', SOURCE)}${first.run_id}.json`)) as Buffer).toString('utf8')).toBe(commit);
      expect(JSON.parse(((await plain.get(statePointerKey('', SOURCE))) as Buffer).toString('utf8'))).toMatchObject({ seq: 1, run_id: first.run_id });
      expect((await manifests(plain)).map((m) => [m.status, m.seq, m.run_id])).toEqual([['succeeded', 1, first.run_id]]);
      expect(sortedIds((await verifiedCommittedView(plain, SOURCE)).items)).toEqual(fake.records('items').map((r) => r.id as number));
    } finally {
      await proxy.close();
      await fake.close();
    }
  });

  it('leaves the commit of a run alone when another delivery of it fails after the run committed: no failed manifest over its copy', async () => {
    const fake = await startFakeApi({ collections: { items: 0 } });
    try {
      const plain = new S3Store({ bucket: await createTestBucket('sluice-race'), client: testS3Client() });
      const { first, continuation, handlerOn } = await continuedRun(fake, plain);

      const gateA = new CommitGate(plain);
      const a = handlerOn(gateA)(continuation, ROOMY) as Promise<RunSummary>;
      await gateA.atCommit;
      const key = leaseKey('', SOURCE);
      const held = JSON.parse(((await plain.get(key)) as Buffer).toString('utf8')) as LeaseContent;
      await plain.putBytes(key, JSON.stringify({ ...held, expires_at: new Date(Date.now() - 1).toISOString() }), 'application/json');
      // Delivery B's first part upload waits for A's commit, then fails (S3 unreachable for it).
      let reachedPart!: () => void;
      const atPart = new Promise<void>((resolve) => (reachedPart = resolve));
      let failPart!: () => void;
      const partFails = new Promise<void>((resolve) => (failPart = resolve));
      const failing = new Proxy(plain, {
        get(target, property, receiver) {
          if (property === 'putStream') {
            return async () => {
              reachedPart();
              await partFails;
              throw new Error('S3 unreachable');
            };
          }
          const value = Reflect.get(target, property, receiver) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      const b = handlerOn(failing)(continuation, ROOMY) as Promise<RunSummary>;
      await atPart;
      gateA.release();
      expect((await a).status).toBe('succeeded');
      const commit = ((await plain.get(commitKey('', SOURCE, 1))) as Buffer).toString('utf8');
      failPart();
      expect(await b).toEqual({ run_id: first.run_id, status: 'duplicate', resources: {} });

      expect(((await plain.get(`${manifestsPrefix('', SOURCE)}${first.run_id}.json`)) as Buffer).toString('utf8')).toBe(commit);
      expect((await manifests(plain)).map((m) => [m.status, m.seq, m.run_id])).toEqual([['succeeded', 1, first.run_id]]);
    } finally {
      await fake.close();
    }
  });
});
