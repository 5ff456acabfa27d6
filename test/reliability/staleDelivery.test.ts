/**
 * A run folder becomes a Glue partition once its run is committed, and Athena
 * reads every object under it. Two deliveries of one continuation write into
 * the same folder (the same run id): here delivery A outlives its lease and
 * commits (and registers) the run while delivery B, which took the lease over,
 * still has a part uploading. B's part must not land in the registered
 * partition; and a delivery whose lease was taken must not commit. On moto's
 * S3 and Glue.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { leaseKey } from '../../lambdas/commit/layout';
import type { LeaseContent } from '../../lambdas/commit/lease';
import { parseManifest } from '../../lambdas/commit/manifest';
import { validateSource } from '../../lambdas/config/validateSource';
import { silentLogger } from '../../lambdas/observability/Logger';
import { runSource } from '../../lambdas/run/runSource';
import type { RunSummary } from '../../lambdas/run/RunSummary';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import type { ObjectStore } from '../../lambdas/sink/ObjectStore';
import type { FakeApi } from '../support/fakeApi';
import { generateRecords, startFakeApi } from '../support/fakeApi';
import { useMotoGlue } from '../support/motoGlue';
import { CommitGate } from './support/concurrency';

const SOURCE = 'stale';
const moto = useMotoGlue('staledb');
let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi({ collections: { items: [] } });
});
beforeEach(() => api.setRecords('items', generateRecords('items', 12)));
afterAll(() => api.close());

const source = () =>
  validateSource({
    name: SOURCE,
    client: { base_url: api.baseUrl, paginator: { type: 'offset', limit: 2, total_path: 'total' } },
    resources: [{ name: 'items', primary_key: 'id', endpoint: { path: 'public/offset/items', data_selector: 'items' } }],
    // One part per page: the second delivery opens a part of its own at once.
    run: { safety_margin_ms: 1000, part_max_records: 2 },
  });

/** A first invocation that hands the run on after two pages: the key of the checkpoint both deliveries resume. */
async function continuedRun(): Promise<{ runId: string; checkpointKey: string }> {
  const keys: string[] = [];
  let checks = 0;
  const first = await runSource({
    source: source(),
    store: moto.store,
    secrets: new FileSecretStore({}),
    trigger: 'schedule',
    logger: silentLogger,
    remainingTimeMs: () => (++checks > 2 ? 0 : 60_000),
    continueRun: async (key) => void keys.push(key),
  });
  expect(first.status).toBe('continued');
  return { runId: first.run_id, checkpointKey: keys[0] };
}

/** Forces the lease past its expiry, as a delivery that stalled longer than the lease's TTL leaves it. */
async function expireLease(): Promise<void> {
  const key = leaseKey('', SOURCE);
  const held = JSON.parse(((await moto.store.get(key)) as Buffer).toString('utf8')) as LeaseContent;
  await moto.store.putBytes(key, JSON.stringify({ ...held, expires_at: new Date(Date.now() - 1).toISOString() }), 'application/json');
}

/** The store with every part upload held until `go` resolves; `reached` resolves at the first one. */
function holdingParts(inner: ObjectStore, go: Promise<void>): { store: ObjectStore; reached: Promise<void> } {
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'putStream') {
        return async (key: string, body: Readable, type: string) => {
          reach();
          await go;
          return target.putStream(key, body, type);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, reached };
}

/** Athena's view of the run's partition (every object under its folder) is exactly the committed files, byte for byte. */
async function expectPartitionHoldsTheCommit(committed: RunSummary): Promise<void> {
  const partitions = await moto.partitions('stale_items');
  expect(partitions.map((p) => p.values?.[1])).toEqual([committed.run_id]);
  const folder = (partitions[0].location ?? '').slice(`s3://${moto.bucket}/`.length);
  const manifest = parseManifest((await moto.store.get(committed.manifest_key as string)) as Buffer, 'manifest');
  const files = manifest.resources.items.files;
  expect(await moto.store.list(folder)).toEqual(files.map((f) => f.key).sort());
  for (const file of files) expect(createHash('sha256').update((await moto.store.get(file.key)) as Buffer).digest('hex')).toBe(file.sha256);
}

const resume = (store: ObjectStore, checkpointKey: string, catalog = false): Promise<RunSummary> =>
  runSource({
    source: source(),
    store,
    secrets: new FileSecretStore({}),
    trigger: 'schedule',
    logger: silentLogger,
    checkpointKey,
    remainingTimeMs: () => 60_000,
    continueRun: async () => undefined,
    ...(catalog ? { catalog: { database: moto.database, bucket: moto.bucket, api: moto.catalog } } : {}),
  });

describe('a stale delivery of a continuation', () => {
  it('completes no part in the folder of a run another delivery committed and registered', async () => {
    const { runId, checkpointKey } = await continuedRun();
    const gateA = new CommitGate(moto.store);
    const a = resume(gateA, checkpointKey, true);
    await gateA.atCommit;
    await expireLease();
    // The API moved on: B reads more pages than A did, into parts named as A's and after them.
    api.setRecords('items', generateRecords('items', 20).map((r) => ({ ...r, name: `${r.name}-later` })));

    let letPartsGo!: () => void;
    const go = new Promise<void>((resolve) => (letPartsGo = resolve));
    const held = holdingParts(moto.store, go);
    const b = resume(held.store, checkpointKey);
    await held.reached;

    gateA.release();
    const committed = await a;
    expect(committed).toMatchObject({ status: 'succeeded', catalog: { ok: true, partitions_added: 1 } });
    letPartsGo();
    expect(await b).toEqual({ run_id: runId, status: 'duplicate', resources: {} });

    await expectPartitionHoldsTheCommit(committed);
    expect(committed.resources.items.records).toBe(12);
  });

  it('does not commit once another delivery took its lease over, and leaves the run to it', async () => {
    const { runId, checkpointKey } = await continuedRun();
    // Delivery A stalls before its last part is sealed; meanwhile its lease expires and B takes it over.
    let letPartsGo!: () => void;
    const go = new Promise<void>((resolve) => (letPartsGo = resolve));
    const held = holdingParts(moto.store, go);
    const a = resume(held.store, checkpointKey);
    await held.reached;
    await expireLease();
    const gateB = new CommitGate(moto.store);
    const b = resume(gateB, checkpointKey, true);
    await gateB.atCommit;

    letPartsGo();
    expect(await a).toEqual({ run_id: runId, status: 'duplicate', resources: {} });
    gateB.release();
    const committed = await b;
    expect(committed).toMatchObject({ status: 'succeeded', catalog: { ok: true } });
    await expectPartitionHoldsTheCommit(committed);
  });
});
