/**
 * The Glue catalog after real runs, on moto: tables, partitions and the
 * `_current` views of each disposition; no partition for a failed run; a lost
 * registration repaired by the next run; a widened column type carried to the
 * table and its partitions; a registered partition's folder holds exactly the
 * files its commit lists; a registration reads only the commits after the seq
 * its tables have registered, counted in moto's S3 requests.
 */
import type { GlueCatalogApi } from '../../../lambdas/catalog/GlueCatalogApi';
import { registerCatalog } from '../../../lambdas/catalog/registerCatalog';
import { REGISTERED_SEQ_PARAMETER } from '../../../lambdas/catalog/tableInputs';
import { validateSource } from '../../../lambdas/config/validateSource';
import { RunFailedError } from '../../../lambdas/errors/RunFailedError';
import type { Logger } from '../../../lambdas/observability/Logger';
import { silentLogger } from '../../../lambdas/observability/Logger';
import { RunMetrics } from '../../../lambdas/observability/metrics';
import { runSource } from '../../../lambdas/run/runSource';
import type { RunSummary } from '../../../lambdas/run/runSource';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import type { ObjectStore } from '../../../lambdas/sink/ObjectStore';
import { S3Store } from '../../../lambdas/sink/S3Store';
import { parseManifest } from '../../../lambdas/commit/manifest';
import type { Manifest } from '../../../lambdas/commit/manifest';
import { gzipSync } from 'node:zlib';
import { countingS3Client } from '../../support/aws';
import type { S3Request } from '../../support/aws';
import { startFakeApi } from '../../support/fakeApi';
import type { FakeApi, FakeRecord } from '../../support/fakeApi';
import { useMotoGlue } from '../../support/motoGlue';

let api: FakeApi;
const moto = useMotoGlue();
const { table, partitions } = moto;

const rec = (id: number, extra: Record<string, unknown> = {}): FakeRecord => ({ id, name: `n${id}`, updated_at: `2026-01-0${id}T00:00:00Z`, ...extra });

beforeAll(async () => {
  api = await startFakeApi({ collections: { events: [rec(1, { price: 3, tags: ['a'] }), rec(2, { price: 4, tags: [] })], users: [rec(1)], issues: [rec(1), rec(2)] } });
});
afterAll(() => api.close());

const source = (resources = ['events', 'users', 'issues']) =>
  validateSource({
    name: 'shop-eu',
    client: { base_url: api.baseUrl, paginator: { type: 'offset', limit: 10, total_path: 'total' } },
    resources: [
      { name: 'events', endpoint: { path: 'public/offset/events', data_selector: 'items' } },
      { name: 'users', write_disposition: 'replace', endpoint: { path: 'public/offset/users', data_selector: 'items' } },
      { name: 'issues', table_name: 'tickets', write_disposition: 'merge', primary_key: 'id', endpoint: { path: 'public/offset/issues', data_selector: 'items' } },
    ].filter((r) => resources.includes(r.name)),
  });

const run = (catalog: GlueCatalogApi = moto.catalog, logger: Logger = silentLogger, src = source(), through: ObjectStore = moto.store): Promise<RunSummary> =>
  runSource({ source: src, store: through, secrets: new FileSecretStore({}), trigger: 'schedule', logger, catalog: { database: moto.database, bucket: moto.bucket, api: catalog } });

const viewSql = async (name: string): Promise<string> => {
  const text = (await table(name))?.ViewOriginalText ?? '';
  const encoded = /^\/\* Presto View: (.*) \*\/$/.exec(text)?.[1] ?? '';
  return (JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { originalSql: string }).originalSql;
};
const dtOf = (summary: RunSummary) => `${summary.run_id.slice(0, 4)}-${summary.run_id.slice(4, 6)}-${summary.run_id.slice(6, 8)}`;

describe('registerCatalog after a run', () => {
  it('creates one table per resource, partitioned by dt and run_id, with the inferred columns and the OpenX JSON SerDe', async () => {
    const summary = await run();
    expect(summary).toMatchObject({ status: 'succeeded', catalog: { database: moto.database, ok: true, partitions_added: 3 } });
    expect(summary.catalog?.tables.sort()).toEqual(['shop_eu__commits', 'shop_eu_events', 'shop_eu_events_current', 'shop_eu_tickets', 'shop_eu_tickets_current', 'shop_eu_users', 'shop_eu_users_current']);

    const events = await table('shop_eu_events');
    expect(events?.PartitionKeys).toEqual([{ Name: 'dt', Type: 'string' }, { Name: 'run_id', Type: 'string' }]);
    expect(events?.StorageDescriptor?.Columns?.map((c) => `${c.Name} ${c.Type}`)).toEqual(['id bigint', 'name string', 'updated_at string', 'price bigint', 'tags array<string>']);
    expect(events?.StorageDescriptor?.Location).toBe(`s3://${moto.bucket}/shop-eu/events/`);
    expect(events?.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    expect(events?.Parameters).toMatchObject({ classification: 'json', compressionType: 'gzip', sluice_source: 'shop-eu' });

    expect(await partitions('shop_eu_events')).toEqual([
      { values: [dtOf(summary), summary.run_id], location: `s3://${moto.bucket}/shop-eu/events/dt=${dtOf(summary)}/${summary.run_id}/`, columns: events?.StorageDescriptor?.Columns?.map((c) => `${c.Name} ${c.Type}`) },
    ]);
    expect((await table('shop_eu_tickets'))?.StorageDescriptor?.Location).toBe(`s3://${moto.bucket}/shop-eu/tickets/`);
    expect((await table('shop_eu__commits'))?.StorageDescriptor?.Location).toBe(`s3://${moto.bucket}/shop-eu/_commits/`);
  });

  it('keeps a _current view per resource whose SQL applies its write disposition', async () => {
    await run();
    const second = await run();
    const cols = (alias: string, extra = '') => `${alias}."id", ${alias}."name", ${alias}."updated_at"${extra}, ${alias}."dt", ${alias}."run_id"`;
    expect((await table('shop_eu_events_current'))?.TableType).toBe('VIRTUAL_VIEW');
    expect(await viewSql('shop_eu_events_current')).toBe(`SELECT ${cols('t', ', t."price", t."tags"')} FROM "${moto.database}"."shop_eu_events" t`);
    expect(await viewSql('shop_eu_users_current')).toBe(`SELECT ${cols('t')} FROM "${moto.database}"."shop_eu_users" t WHERE t."run_id" = '${second.run_id}'`);
    expect(await viewSql('shop_eu_tickets_current')).toBe(
      `SELECT ${cols('v')} FROM (SELECT t.*, row_number() OVER (PARTITION BY t."id" ORDER BY c."seq" DESC, t."$path" DESC) AS sluice_rank ` +
        `FROM "${moto.database}"."shop_eu_tickets" t JOIN "${moto.database}"."shop_eu__commits" c ON c."run_id" = t."run_id") v WHERE v.sluice_rank = 1`,
    );
    expect((await partitions('shop_eu_users')).map((p) => p.values?.[1])).toHaveLength(2);
  });

  it('applies merge_key in the merge view of a resource that declares it', async () => {
    const withMergeKey = validateSource({
      name: 'shop-eu',
      client: { base_url: api.baseUrl, paginator: { type: 'offset', limit: 10, total_path: 'total' } },
      resources: [
        { name: 'issues', table_name: 'tickets', write_disposition: 'merge', primary_key: 'id', merge_key: 'name', endpoint: { path: 'public/offset/issues', data_selector: 'items' } },
      ],
    });
    await run(moto.catalog, silentLogger, withMergeKey);
    const sql = await viewSql('shop_eu_tickets_current');
    expect(sql).toContain('max(c."seq") OVER (PARTITION BY t."name") AS sluice_key_seq');
    expect(sql).toContain('v.sluice_seq = v.sluice_key_seq');
  });

  it('registers no partition for a failed run', async () => {
    const first = await run();
    api.addFault({ path: '/public/offset/users', kind: 'status', status: 400, times: Infinity });
    try {
      const error = await run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunFailedError);
    } finally {
      api.clearFaults();
    }
    for (const name of ['shop_eu_events', 'shop_eu_users', 'shop_eu_tickets']) expect((await partitions(name)).map((p) => p.values?.[1])).toEqual([first.run_id]);
  });

  it('reports a registration that failed after the commit, and the next run registers what is missing', async () => {
    const failing: GlueCatalogApi = { ...moto.catalog, createPartitions: async () => Promise.reject(new Error('Glue is unreachable')) };
    const lost = await run(failing);
    expect(lost.status).toBe('succeeded');
    expect(lost.catalog).toMatchObject({ ok: false, error: expect.stringContaining('Glue is unreachable') });
    expect(await partitions('shop_eu_events')).toEqual([]);

    const next = await run();
    expect(next.catalog).toMatchObject({ ok: true, partitions_added: 6 });
    expect((await partitions('shop_eu_events')).map((p) => p.values?.[1]).sort()).toEqual([lost.run_id, next.run_id].sort());
  });

  it('counts each registration in the run metrics, CatalogRegistered 0 when it failed after the commit', async () => {
    const outcomes: boolean[] = [];
    const metrics = new (class extends RunMetrics {
      override catalog(registered: boolean): void {
        outcomes.push(registered);
        super.catalog(registered);
      }
    })('shop-eu');
    const failing: GlueCatalogApi = { ...moto.catalog, createPartitions: async () => Promise.reject(new Error('Glue is unreachable')) };
    for (const api of [failing, moto.catalog]) {
      await runSource({ source: source(), store: moto.store, secrets: new FileSecretStore({}), trigger: 'schedule', metrics, catalog: { database: moto.database, bucket: moto.bucket, api } });
    }
    expect(outcomes).toEqual([false, true]);
  });

  it('adds a column for a field a later run brings, after the columns there were, and the new partition has it', async () => {
    const events = source(['events']);
    await run(moto.catalog, silentLogger, events);
    api.setRecords('events', [rec(3, { price: 5, tags: ['c'], color: 'red' })]);
    let second: RunSummary;
    try {
      second = await run(moto.catalog, silentLogger, events);
    } finally {
      api.setRecords('events', [rec(1, { price: 3, tags: ['a'] }), rec(2, { price: 4, tags: [] })]);
    }
    const columns = (await table('shop_eu_events'))?.StorageDescriptor?.Columns?.map((c) => `${c.Name} ${c.Type}`);
    expect(columns).toEqual(['id bigint', 'name string', 'updated_at string', 'price bigint', 'tags array<string>', 'color string']);
    expect((await partitions('shop_eu_events')).find((p) => p.values?.[1] === second.run_id)?.columns).toEqual(columns);
  });

  it('widens a column whose type changed, logs it, and gives the existing partitions the widened columns', async () => {
    const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    const logger: Logger = { ...silentLogger, warn: (message: string, fields?: Record<string, unknown>) => void warnings.push({ message, fields }), child: () => logger };
    const events = source(['events']);
    await run(moto.catalog, logger, events);
    api.setRecords('events', [rec(3, { price: 'n/a', tags: ['b'] })]);
    try {
      await run(moto.catalog, logger, events);
    } finally {
      api.setRecords('events', [rec(1, { price: 3, tags: ['a'] }), rec(2, { price: 4, tags: [] })]);
    }
    const columns = (await table('shop_eu_events'))?.StorageDescriptor?.Columns?.map((c) => `${c.Name} ${c.Type}`);
    expect(columns).toContain('price string');
    expect((await partitions('shop_eu_events')).map((p) => p.columns)).toEqual([columns, columns]);
    expect(warnings).toContainEqual({ message: expect.stringContaining('widened'), fields: expect.objectContaining({ table: 'shop_eu_events', field: 'price', from: 'bigint', to: 'string' }) });
  });

  describe('reading only what is not registered yet', () => {
    const commitOf = (seq: number) => `shop-eu/_commits/${String(seq).padStart(10, '0')}.json`;
    const failing = (): GlueCatalogApi => ({ ...moto.catalog, createPartitions: async () => Promise.reject(new Error('Glue is unreachable')) });
    const runWithoutCatalog = () => runSource({ source: source(), store: moto.store, secrets: new FileSecretStore({}), trigger: 'schedule', logger: silentLogger });
    /** A registration on its own, through a client that logs each S3 request. */
    const register = async (): Promise<{ report: Awaited<ReturnType<typeof registerCatalog>>; requests: S3Request[] }> => {
      const counting = countingS3Client();
      const report = await registerCatalog({
        store: new S3Store({ bucket: moto.bucket, client: counting.client }),
        prefix: '',
        source: source(),
        target: { database: moto.database, bucket: moto.bucket, api: moto.catalog },
        logger: silentLogger,
      });
      counting.client.destroy();
      return { report, requests: counting.requests };
    };
    const reads = (requests: readonly S3Request[]) => requests.filter((r) => r.command === 'GetObjectCommand').map((r) => r.key);
    const marks = async () => Promise.all(['shop_eu_events', 'shop_eu_users', 'shop_eu_tickets'].map(async (name) => (await table(name))?.Parameters?.[REGISTERED_SEQ_PARAMETER]));

    it('reads the commits after the highest seq its tables registered, and no manifest', async () => {
      const registered = [await run(), await run(), await run()];
      expect(await marks()).toEqual(['3', '3', '3']);
      const fourth = await runWithoutCatalog();

      const { report, requests } = await register();
      expect(report).toMatchObject({ ok: true, partitions_added: 3 });
      // One commit read, whatever the history: not the three registered ones, not their _manifests/ copies.
      expect(reads(requests)).toEqual([commitOf(4)]);
      expect(requests.filter((r) => r.command === 'ListObjectsV2Command' && r.prefix === 'shop-eu/_commits/')).toEqual([
        { command: 'ListObjectsV2Command', prefix: 'shop-eu/_commits/', startAfter: commitOf(3) },
      ]);
      expect(requests.filter((r) => r.prefix === 'shop-eu/_manifests/')).toEqual([]);
      expect(await marks()).toEqual(['4', '4', '4']);
      expect(await moto.runIdsOf('shop_eu_events')).toEqual([...registered.map((r) => r.run_id), fourth.run_id].sort());
      // The replace view follows the run it did not read about until now.
      expect(await viewSql('shop_eu_users_current')).toContain(`WHERE t."run_id" = '${fourth.run_id}'`);
    });

    it('registers a run whose registration failed: the mark stays below it until its partitions exist', async () => {
      const first = await run();
      const lost = await run(failing());
      expect(lost.catalog).toMatchObject({ ok: false });
      expect(await marks()).toEqual(['1', '1', '1']);
      const third = await runWithoutCatalog();

      const { report, requests } = await register();
      expect(report).toMatchObject({ ok: true, partitions_added: 6 });
      expect(reads(requests)).toEqual([commitOf(2), commitOf(3)]);
      expect(await marks()).toEqual(['3', '3', '3']);
      for (const name of ['shop_eu_events', 'shop_eu_users', 'shop_eu_tickets']) expect(await moto.runIdsOf(name)).toEqual([first.run_id, lost.run_id, third.run_id].sort());
    });

    it('registers a run again without error when its partitions exist but the mark did not move', async () => {
      await run();
      // The partitions were created, the mark's update was lost.
      const markLost: GlueCatalogApi = { ...moto.catalog, updateTable: async (db, input, options) => (options?.skipArchive ? Promise.reject(new Error('Glue is unreachable')) : moto.catalog.updateTable(db, input, options)) };
      const second = await run(markLost);
      expect(second.catalog).toMatchObject({ ok: false });
      expect(await marks()).toEqual(['1', '1', '1']);
      const { report } = await register();
      expect(report).toMatchObject({ ok: true, partitions_added: 3 });
      expect(await marks()).toEqual(['2', '2', '2']);
      expect((await moto.runIdsOf('shop_eu_events'))).toHaveLength(2);
    });
  });

  describe('a run folder holding part files its commit does not list', () => {
    // What a crashed invocation of the run leaves under its run id: a part completed after the last checkpoint
    // (the retried continuation restarts at the checkpoint's part number and may stop short of it), or a part of
    // another delivery of the run that never committed. Written here just before the commit, as the run's folder has it then.
    const ORPHAN = 'part-00099.jsonl.gz';
    const leavingOrphans = (inner: ObjectStore): ObjectStore => ({
      ...inner,
      location: inner.location,
      putStream: (key, body, type) => inner.putStream(key, body, type),
      putBytes: (key, body, type) => inner.putBytes(key, body, type),
      get: (key) => inner.get(key),
      list: (dir, after) => inner.list(dir, after),
      delete: (key) => inner.delete(key),
      getTagged: inner.getTagged?.bind(inner),
      putIfTag: inner.putIfTag?.bind(inner),
      putIfAbsent: async (key, body, type) => {
        if (key.includes('/_commits/')) {
          const manifest = parseManifest(Buffer.from(body), key);
          for (const r of Object.values(manifest.resources)) {
            const folder = r.files[0]?.key.replace(/[^/]+$/, '');
            if (folder) await inner.putBytes(`${folder}${ORPHAN}`, gzipSync('{"id":999,"name":"never committed"}\n'), 'application/gzip');
          }
        }
        return inner.putIfAbsent(key, body, type);
      },
    });
    const committed = async (runId: string): Promise<Manifest> => parseManifest((await moto.store.get(`shop-eu/_manifests/${runId}.json`)) as Buffer, runId);
    // What Athena reads for a partition: every object under its location.
    const underPartitions = async (name: string, runId: string): Promise<string[]> => {
      const locations = (await partitions(name)).filter((p) => p.values?.[1] === runId).map((p) => p.location ?? '');
      expect(locations).toHaveLength(1);
      return moto.store.list(locations[0].slice(`s3://${moto.bucket}/`.length));
    };
    const tables: Array<[string, string]> = [['shop_eu_events', 'events'], ['shop_eu_users', 'users'], ['shop_eu_tickets', 'issues']];

    it('deletes them before the folder is registered, and keeps every listed file', async () => {
      const summary = await run(moto.catalog, silentLogger, source(), leavingOrphans(moto.store));
      expect(summary.catalog).toMatchObject({ ok: true, partitions_added: 3 });
      const manifest = await committed(summary.run_id);
      for (const [name, resource] of tables) {
        const listed = manifest.resources[resource].files.map((f) => f.key).sort();
        expect(listed.length).toBeGreaterThan(0);
        expect(await underPartitions(name, summary.run_id)).toEqual(listed);
      }
    });

    it('deletes them too when a lost registration is repaired by the next run', async () => {
      const failing: GlueCatalogApi = { ...moto.catalog, createPartitions: async () => Promise.reject(new Error('Glue is unreachable')) };
      const lost = await run(failing, silentLogger, source(), leavingOrphans(moto.store));
      expect(lost.catalog).toMatchObject({ ok: false });
      const next = await run();
      expect(next.catalog).toMatchObject({ ok: true, partitions_added: 6 });
      const manifest = await committed(lost.run_id);
      for (const [name, resource] of tables) expect(await underPartitions(name, lost.run_id)).toEqual(manifest.resources[resource].files.map((f) => f.key).sort());
    });
  });
});
