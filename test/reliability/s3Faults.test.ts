/**
 * Whole runs whose S3 client reaches moto through the fault proxy: 500
 * InternalError, 503 SlowDown and dropped connections on PutObject and on the
 * multipart calls. The production S3 client (only its endpoint changed) retries,
 * or the run fails cleanly; and no succeeded manifest ever lists a missing or
 * truncated file: every committed file is read back and checked against its
 * manifest entry (size, sha256, line count) before its ids are compared.
 */
import { randomBytes } from 'node:crypto';
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import type { SourceModel } from '../../lambdas/model';
import { validateSource } from '../../lambdas/config/validateSource';
import { RunFailedError } from '../../lambdas/errors/RunFailedError';
import { runSource } from '../../lambdas/run/runSource';
import { clearSecrets } from '../../lambdas/secrets/Redactor';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import { S3Store } from '../../lambdas/sink/S3Store';
import { createTestBucket, testS3Client } from '../support/aws';
import { generateRecords, startFakeApi } from '../support/fakeApi';
import type { FakeApi } from '../support/fakeApi';
import { startFaultProxy } from '../support/faultProxy';
import type { FaultProxy, S3FaultKind, S3FaultSpec } from '../support/faultProxy';
import { allManifests, committedStateOf, range, sortedIds, verifiedCommittedView } from './support/committedView';

const SOURCE = 'bucketed';
const ITEMS = 40;
const MIB = 1024 * 1024;
const PART_FILE = /\/part-\d{5}\.jsonl\.gz$/;

let api: FakeApi;
let proxy: FaultProxy;
let bucket: string;
let store: S3Store;

/** An incremental source over `public/offset/<collection>`: 5 records a page, 7 a part file. */
function source(collection = 'items', run: Record<string, unknown> = { part_max_records: 7 }): SourceModel {
  return validateSource({
    name: SOURCE,
    client: { base_url: api.baseUrl, retries: { limit: 2, max_delay_ms: 20 } },
    resources: [
      {
        name: collection,
        primary_key: 'id',
        endpoint: {
          path: `public/offset/${collection}`,
          data_selector: 'items',
          paginator: { type: 'offset', limit: 5, total_path: 'total' },
          params: { since: '{incremental.start_value}' },
          incremental: { cursor_path: 'updated_at', initial_value: '2023-01-01T00:00:00Z' },
        },
      },
    ],
    run,
  });
}

const run = (src: SourceModel, target: S3Store = store) => runSource({ source: src, store: target, secrets: new FileSecretStore({}), trigger: 'schedule' });

async function expectExactlyOnce(resource: string, count: number): Promise<void> {
  // Read straight from moto, not through the proxy: the check must not meet a fault.
  const view = await verifiedCommittedView(new S3Store({ bucket, client: testS3Client() }), SOURCE);
  expect(sortedIds(view[resource])).toEqual(range(count));
}

const hits = (kind: S3FaultKind) => proxy.requests.filter((r) => r.fault === kind).length;

beforeAll(async () => {
  api = await startFakeApi({ collections: { items: ITEMS } });
  proxy = await startFaultProxy();
});
beforeEach(async () => {
  bucket = await createTestBucket('sluice-rel-s3');
  store = new S3Store({ bucket, client: proxy.client() });
  api.setRecords('items', generateRecords('items', ITEMS));
  proxy.clearFaults();
  proxy.requests.length = 0;
});
afterEach(() => clearSecrets());
afterAll(async () => {
  await proxy.close();
  await api.close();
});

describe('runs through S3 faults on PutObject', () => {
  const kinds: Array<[string, S3FaultKind]> = [
    ['500 InternalError', 'internal-error'],
    ['503 SlowDown', 'slow-down'],
    ['a connection dropped before the request is read', 'drop'],
    ['a connection dropped after S3 stored the object', 'drop-after-forward'],
  ];

  it.each(kinds)('retries part files and the commit through %s and commits files that match their manifest', async (_what, kind) => {
    proxy.addFault({ operation: 'PutObject', key: PART_FILE, kind, times: 2, skip: 1 });
    // The commit's conditional create: retried after a drop that landed, it meets its own commit (412) and is committed.
    proxy.addFault({ operation: 'PutObject', key: /_commits\//, kind });
    const summary = await run(source());
    expect(summary).toMatchObject({ status: 'succeeded', resources: { items: { records: ITEMS, files: 6 } } });
    expect(hits(kind)).toBe(3);
    await expectExactlyOnce('items', ITEMS);
  });

  const persistent: Array<[string, S3FaultSpec, RegExp]> = [
    ['a part file', { operation: 'PutObject', key: /part-00002\.jsonl\.gz$/, kind: 'slow-down', times: Infinity }, /putStream s3:\/\/.*part-00002\.jsonl\.gz failed: SlowDown/],
    ['the commit', { operation: 'PutObject', key: /_commits\//, kind: 'drop', times: Infinity }, /putIfAbsent s3:\/\/.*_commits\/.* failed/],
  ];

  it.each(persistent)('fails cleanly, state unmoved, when PutObject of %s keeps failing; a rerun commits every record once', async (_what, fault, message) => {
    api.setRecords('items', generateRecords('items', 20));
    await run(source());
    const before = await committedStateOf(store, SOURCE);
    api.setRecords('items', generateRecords('items', ITEMS));

    proxy.addFault(fault);
    const failure = await run(source()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RunFailedError);
    expect((failure as Error).message).toMatch(message);
    proxy.clearFaults();
    expect(await committedStateOf(store, SOURCE)).toEqual(before);
    // The failed manifest lands; no second succeeded one.
    const statuses = (await allManifests(store, SOURCE)).map((m) => m.status).sort();
    expect(statuses).toEqual(['failed', 'succeeded']);
    await expectExactlyOnce('items', 20);

    await run(source());
    expect((await committedStateOf(store, SOURCE)).seq).toBe(2);
    await expectExactlyOnce('items', ITEMS);
  });

  it('stays committed when the copy of its manifest cannot be written, and the next run writes the copy', async () => {
    api.setRecords('items', generateRecords('items', 20));
    proxy.addFault({ operation: 'PutObject', key: /_manifests\//, kind: 'internal-error', times: Infinity });
    const first = await run(source());
    expect(first.status).toBe('succeeded');
    expect((await allManifests(store, SOURCE)).map((m) => m.run_id)).toEqual([]);
    proxy.clearFaults();
    api.setRecords('items', generateRecords('items', ITEMS));
    const second = await run(source());
    expect((await allManifests(store, SOURCE)).map((m) => [m.seq, m.run_id]).sort()).toEqual([[1, first.run_id], [2, second.run_id]]);
    await expectExactlyOnce('items', ITEMS);
  });

  it('repairs the copy of a commit that its own run, not knowing it committed, wrote as failed: the next run writes the commit back to _manifests/', async () => {
    api.setRecords('items', generateRecords('items', 20));
    // The commit lands, but no answer comes back to any attempt, and the commit cannot be read back:
    // the run cannot tell it committed, so it fails and writes a failed manifest where the copy goes.
    proxy.addFault({ operation: 'PutObject', key: /_commits\//, kind: 'drop-after-forward', times: Infinity });
    proxy.addFault({ operation: 'GetObject', key: /_commits\//, kind: 'drop', times: Infinity });
    const failure = await run(source()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RunFailedError);
    proxy.clearFaults();
    const runId = (failure as RunFailedError).summary.run_id;
    const direct = new S3Store({ bucket, client: testS3Client() });
    const commit = ((await direct.get(`${SOURCE}/_commits/0000000001.json`)) as Buffer).toString('utf8');
    expect(JSON.parse(commit)).toMatchObject({ run_id: runId, status: 'succeeded' });
    expect((await allManifests(direct, SOURCE)).map((m) => [m.run_id, m.status])).toEqual([[runId, 'failed']]);

    api.setRecords('items', generateRecords('items', ITEMS));
    const next = await run(source());
    // Athena's views read _manifests/: the committed run is back there as the commit says.
    expect(JSON.parse(((await direct.get(`${SOURCE}/_manifests/${runId}.json`)) as Buffer).toString('utf8'))).toEqual(JSON.parse(commit));
    expect((await allManifests(direct, SOURCE)).map((m) => [m.seq, m.run_id, m.status]).sort()).toEqual([[1, runId, 'succeeded'], [2, next.run_id, 'succeeded']]);
    await expectExactlyOnce('items', ITEMS);
  });

  it('stays committed when only the state pointer cannot be written, and the next run adds no duplicate', async () => {
    api.setRecords('items', generateRecords('items', 20));
    proxy.addFault({ operation: 'PutObject', key: /_state\/latest\.json$/, kind: 'internal-error', times: Infinity });
    expect((await run(source())).status).toBe('succeeded');
    api.setRecords('items', generateRecords('items', ITEMS));
    expect((await run(source())).status).toBe('succeeded');
    expect(await committedStateOf(store, SOURCE)).toMatchObject({ seq: 2 });
    await expectExactlyOnce('items', ITEMS);
  });
});

describe('runs through S3 faults on multipart uploads', () => {
  const BLOBS = 20;
  /** Records of ~512 KiB of incompressible text each: one part file of ~7.5 MiB gzip, two 5 MiB multipart parts. */
  const blobs = () => generateRecords('blobs', BLOBS).map((r) => ({ ...r, blob: randomBytes(384 * 1024).toString('base64') }));
  const multipartStore = () => new S3Store({ bucket, client: proxy.client(), partSizeBytes: 5 * MIB });
  const bigPart = { part_max_records: 1000, part_max_bytes: 64 * MIB };

  it('retries UploadPart, CreateMultipartUpload and CompleteMultipartUpload faults and commits a file matching its manifest', async () => {
    api.setRecords('blobs', blobs());
    proxy.addFault({ operation: 'CreateMultipartUpload', kind: 'internal-error' });
    proxy.addFault({ operation: 'UploadPart', partNumber: 1, kind: 'drop' });
    proxy.addFault({ operation: 'UploadPart', partNumber: 2, kind: 'slow-down' });
    proxy.addFault({ operation: 'UploadPart', partNumber: 2, kind: 'drop-after-forward' });
    proxy.addFault({ operation: 'CompleteMultipartUpload', kind: 'internal-error', times: 2 });
    const summary = await run(source('blobs', bigPart), multipartStore());
    expect(summary).toMatchObject({ status: 'succeeded', resources: { blobs: { records: BLOBS, files: 1 } } });
    expect(proxy.requests.filter((r) => r.operation === 'UploadPart' && r.status === 200).map((r) => r.partNumber)).toEqual([1, 2]);
    expect(proxy.requests.filter((r) => r.fault).length).toBe(6);
    await expectExactlyOnce('blobs', BLOBS);
  });

  it('fails cleanly and leaves no upload behind when a part keeps failing; a rerun commits every record once', async () => {
    api.setRecords('blobs', blobs());
    proxy.addFault({ operation: 'UploadPart', partNumber: 2, kind: 'internal-error', times: Infinity });
    const failure = await run(source('blobs', bigPart), multipartStore()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RunFailedError);
    expect((failure as Error).message).toMatch(/putStream s3:\/\/.*part-00000\.jsonl\.gz failed/);
    proxy.clearFaults();
    expect(await committedStateOf(store, SOURCE)).toEqual({ seq: 0, last_values: {} });
    expect((await allManifests(store, SOURCE)).map((m) => [m.status, m.resources.blobs?.files ?? []])).toEqual([['failed', []]]);
    // The failed multipart upload was aborted: nothing half-written lingers (or is billed).
    const uploads = await testS3Client().send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(uploads.Uploads ?? []).toEqual([]);

    await run(source('blobs', bigPart), multipartStore());
    await expectExactlyOnce('blobs', BLOBS);
  });
});
