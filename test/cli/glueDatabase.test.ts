/**
 * `sluice run … --bucket B --glue-database D` against moto: the committed run's
 * tables, partitions and `_current` views; no partition for a failed run; and a
 * registration that fails after the commit exits 1 with the run committed.
 */
import { CreateDatabaseCommand, GetPartitionsCommand, GetTablesCommand, GlueClient } from '@aws-sdk/client-glue';
import { createTestBucket, motoEndpoint, uniqueName } from '../support/aws';
import type { FakeApi } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import { writeFakeSource } from './support/fakeSource';
import { runCli, singleJson } from './support/runCli';

describe('sluice run --glue-database', () => {
  let api: FakeApi;
  let glue: GlueClient;
  let database: string;
  let bucket: string;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 5 }, childrenPerParent: 2 });
    glue = new GlueClient({ endpoint: motoEndpoint(), region: 'us-east-1' });
  });
  afterAll(async () => {
    glue.destroy();
    await api.close();
  });
  beforeEach(async () => {
    database = uniqueName('clidb').replace(/-/g, '_');
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: database } }));
    bucket = await createTestBucket();
  });
  afterEach(() => api.clearFaults());

  const tables = async (): Promise<string[]> => ((await glue.send(new GetTablesCommand({ DatabaseName: database }))).TableList ?? []).map((t) => t.Name ?? '').sort();
  const runIdsOf = async (table: string): Promise<string[]> =>
    ((await glue.send(new GetPartitionsCommand({ DatabaseName: database, TableName: table }))).Partitions ?? []).map((p) => p.Values?.[1] ?? '').sort();

  it('registers the committed run: a table and a _current view per resource, one partition per run', async () => {
    const { source, secrets } = writeFakeSource(api, { retries: 0 });
    const result = await runCli(['run', source, '--bucket', bucket, '--glue-database', database, '--secrets-file', secrets, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = singleJson(result.stdout);
    expect(summary).toMatchObject({ status: 'succeeded', bucket, catalog: { database, ok: true, partitions_added: 2 } });
    expect(await tables()).toEqual(['fake_comments', 'fake_comments_current', 'fake_items', 'fake_items_current']);
    expect(await runIdsOf('fake_items')).toEqual([summary.run_id]);
    expect(await runIdsOf('fake_comments')).toEqual([summary.run_id]);
  });

  it('registers no partition for a failed run', async () => {
    const { source, secrets } = writeFakeSource(api, { retries: 0 });
    const first = singleJson((await runCli(['run', source, '--bucket', bucket, '--glue-database', database, '--secrets-file', secrets, '--json'])).stdout);
    api.addFault({ path: '/bearer/json-link/items', kind: 'status', status: 500, times: Infinity });
    const failed = await runCli(['run', source, '--bucket', bucket, '--glue-database', database, '--secrets-file', secrets, '--json']);
    expect(failed.code).toBe(1);
    expect(singleJson(failed.stdout)).toMatchObject({ status: 'failed' });
    expect(await runIdsOf('fake_items')).toEqual([first.run_id]);
    expect(await runIdsOf('fake_comments')).toEqual([first.run_id]);
  });

  it('exits 1 when registration fails after the commit, with the run committed and registered by the next run', async () => {
    const { source, secrets } = writeFakeSource(api, { retries: 0 });
    const missing = `${database}_missing`;
    const result = await runCli(['run', source, '--bucket', bucket, '--glue-database', missing, '--secrets-file', secrets, '--json']);
    expect(result.code).toBe(1);
    const summary = singleJson(result.stdout);
    expect(summary).toMatchObject({ status: 'succeeded', catalog: { database: missing, ok: false } });
    expect(result.stderr).toContain(`the run is committed, but registering it in the Glue database ${missing} failed`);

    const next = await runCli(['run', source, '--bucket', bucket, '--glue-database', database, '--secrets-file', secrets, '--json']);
    expect(next.code).toBe(0);
    const repaired = singleJson(next.stdout);
    expect(repaired).toMatchObject({ catalog: { ok: true, partitions_added: 4 } });
    expect(await runIdsOf('fake_items')).toEqual([summary.run_id, repaired.run_id].sort());
  });
});
