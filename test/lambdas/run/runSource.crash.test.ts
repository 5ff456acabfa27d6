import type { Readable } from 'node:stream';
import { validateSource } from '../../../lambdas/config/validateSource';
import { runSource } from '../../../lambdas/run/runSource';
import type { ObjectStore } from '../../../lambdas/sink/ObjectStore';
import { S3Store } from '../../../lambdas/sink/S3Store';
import { createTestBucket, testS3Client } from '../../support/aws';
import { committedRecords, itemsResource, makeItems, startItemsApi } from './runSource.fixtures';
import type { ItemsApi } from './runSource.fixtures';
import { noSecrets } from './runSource.secrets';

/** A store whose process "dies" at the Nth write: that write and every later one fail. */
function crashingStore(inner: ObjectStore, crashAt: number, log: string[]): ObjectStore {
  let puts = 0;
  const gate = (key: string): void => {
    puts++;
    log.push(key);
    if (puts >= crashAt) throw new Error(`injected crash at write ${puts} (${key})`);
  };
  return {
    location: inner.location,
    async putStream(key: string, body: Readable, contentType: string) {
      try {
        gate(key);
      } catch (error) {
        body.destroy();
        throw error;
      }
      return inner.putStream(key, body, contentType);
    },
    async putBytes(key: string, body: Uint8Array | string, contentType: string) {
      gate(key);
      return inner.putBytes(key, body, contentType);
    },
    async putIfAbsent(key: string, body: Uint8Array | string, contentType: string) {
      gate(key);
      return inner.putIfAbsent(key, body, contentType);
    },
    get: (key) => inner.get(key),
    list: (prefix) => inner.list(prefix),
    delete: (key) => inner.delete(key),
  };
}

let api: ItemsApi;
beforeAll(async () => {
  api = await startItemsApi();
});
afterAll(() => api.close());

const source = (): ReturnType<typeof validateSource> =>
  validateSource({
    name: 'crashy',
    client: { base_url: api.url, paginator: { type: 'offset', limit: 2 } },
    resources: [
      itemsResource(),
    ],
    run: { part_max_records: 2 },
  });

describe('runSource commit protocol', () => {
  // Writes of the second run: part-00000, part-00001 (4 new records, 2 per part), the commit, its copy in _manifests/, the state pointer.
  it.each([
    ['before any data file', 1],
    ['during the data files', 2],
    ['after the data files, before the commit', 3],
    ['after the commit, before its copy in _manifests/', 4],
    ['after the copy, before the state pointer', 5],
  ])('loses no record and duplicates none when the run crashes %s', async (_step, crashAt) => {
    api.items = makeItems(5);
    const store = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const base = { source: source(), secrets: noSecrets(), trigger: 'schedule' as const };
    await runSource({ ...base, store });

    api.items.push(...makeItems(4, 6));
    const writes: string[] = [];
    await runSource({ ...base, store: crashingStore(store, crashAt, writes) }).catch(() => undefined);
    expect(writes[crashAt - 1]).toMatch([/part-00000/, /part-00001/, /_commits\//, /_manifests\//, /_state\//][crashAt - 1]);

    api.items.push(...makeItems(1, 10));
    await runSource({ ...base, store });
    const view = await committedRecords(store, '', 'crashy');
    expect((view.items as Array<{ id: number }>).map((r) => r.id).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
