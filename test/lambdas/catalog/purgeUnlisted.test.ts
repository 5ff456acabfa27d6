/**
 * purgeUnlisted: a run folder keeps exactly the files its commit lists, and a
 * folder whose manifest lists files elsewhere is left alone; on S3 the
 * unlisted objects go in batch deletes.
 */
import type { Manifest } from '../../../lambdas/commit/manifest';
import { purgeUnlisted } from '../../../lambdas/catalog/purgeUnlisted';
import { silentLogger } from '../../../lambdas/observability/Logger';
import { createMemoryStore } from '../../../lambdas/sink/memoryStore';
import { S3Store } from '../../../lambdas/sink/S3Store';
import { countingS3Client, createTestBucket } from '../../support/aws';

const RUN = '20260105T101500Z-abcd1234';
const folder = `raw/shop/events/dt=2026-01-05/${RUN}/`;
const file = (key: string) => ({ key, records: 1, bytes: 10, sha256: 'a'.repeat(64) });
const manifest = (keys: string[]): Manifest => ({
  run_id: RUN,
  source: 'shop',
  status: 'succeeded',
  trigger: 'schedule',
  seq: 1,
  format: 'jsonl.gz',
  sluice_version: '0.0.0',
  started_at: '2026-01-05T10:15:00.000Z',
  finished_at: '2026-01-05T10:16:00.000Z',
  resources: { events: { records: keys.length, pages: 1, files: keys.map(file), redacted_values: 0 } },
});

describe('purgeUnlisted', () => {
  it('deletes the objects of the run folder the manifest does not list, and no other', async () => {
    const store = createMemoryStore();
    const keys = [`${folder}part-00000.jsonl.gz`, `${folder}part-00001.jsonl.gz`, `${folder}part-00002.jsonl.gz`, `raw/shop/events/dt=2026-01-05/other-run/part-00000.jsonl.gz`];
    for (const key of keys) await store.putBytes(key, 'x', 'application/gzip');
    const deleted = await purgeUnlisted({ store, prefix: 'raw', run: manifest(keys.slice(0, 2)), resource: 'events', tableName: 'events', logger: silentLogger });
    expect(deleted).toEqual([`${folder}part-00002.jsonl.gz`]);
    expect(await store.list('raw/')).toEqual([keys[0], keys[1], keys[3]].sort());
  });

  it('deletes nothing when the manifest lists a file outside the folder it would clear', async () => {
    const store = createMemoryStore();
    await store.putBytes(`${folder}part-00000.jsonl.gz`, 'x', 'application/gzip');
    const deleted = await purgeUnlisted({ store, prefix: 'raw', run: manifest(['raw/shop/events/hand-made/part-00000.jsonl.gz']), resource: 'events', tableName: 'events', logger: silentLogger });
    expect(deleted).toEqual([]);
    expect(await store.list(folder)).toEqual([`${folder}part-00000.jsonl.gz`]);
  });

  it('clears a folder on S3 in one DeleteObjects request per 1000 unlisted objects', async () => {
    const bucket = await createTestBucket('sluice-purge');
    const counting = countingS3Client();
    const store = new S3Store({ bucket, client: counting.client });
    const keys = Array.from({ length: 1203 }, (_, i) => `${folder}part-${String(i).padStart(5, '0')}.jsonl.gz`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((key) => store.putBytes(key, 'x', 'application/gzip')));
    counting.commands.length = 0;
    const deleted = await purgeUnlisted({ store, prefix: 'raw', run: manifest(keys.slice(0, 3)), resource: 'events', tableName: 'events', logger: silentLogger });
    expect(deleted).toHaveLength(1200);
    expect(counting.commands).toEqual(['ListObjectsV2Command', 'ListObjectsV2Command', 'DeleteObjectsCommand', 'DeleteObjectsCommand']);
    expect(await store.list(folder)).toEqual(keys.slice(0, 3));
  });
});
