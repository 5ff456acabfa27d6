/**
 * `sluice run … --bucket B --glue-database D` against moto: the committed run's
 * tables, partitions and `_current` views; no partition for a failed run; and a
 * registration that fails after the commit exits 1 with the run committed.
 */
import type { FakeApi } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import { useMotoGlue } from '../support/motoGlue';
import { writeFakeSource } from './support/fakeSource';
import { runCli, singleJson } from './support/runCli';

describe('sluice run --glue-database', () => {
  let api: FakeApi;
  const moto = useMotoGlue('clidb');
  const { tableNames: tables, runIdsOf } = moto;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 5 }, childrenPerParent: 2 });
  });
  afterAll(() => api.close());
  afterEach(() => api.clearFaults());
  const cli = (source: string, secrets: string, database = moto.database) =>
    runCli(['run', source, '--bucket', moto.bucket, '--glue-database', database, '--secrets-file', secrets, '--json']);

  it('registers the committed run: a table and a _current view per resource, one partition per run', async () => {
    const { source, secrets } = writeFakeSource(api, { retries: 0 });
    const result = await cli(source, secrets);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = singleJson(result.stdout);
    expect(summary).toMatchObject({ status: 'succeeded', bucket: moto.bucket, catalog: { database: moto.database, ok: true, partitions_added: 2 } });
    expect(await tables()).toEqual(['fake_comments', 'fake_comments_current', 'fake_items', 'fake_items_current']);
    expect(await runIdsOf('fake_items')).toEqual([summary.run_id]);
    expect(await runIdsOf('fake_comments')).toEqual([summary.run_id]);
  });

  it('registers no partition for a failed run', async () => {
    const { source, secrets } = writeFakeSource(api, { retries: 0 });
    const first = singleJson((await cli(source, secrets)).stdout);
    api.addFault({ path: '/bearer/json-link/items', kind: 'status', status: 500, times: Infinity });
    const failed = await cli(source, secrets);
    expect(failed.code).toBe(1);
    expect(singleJson(failed.stdout)).toMatchObject({ status: 'failed' });
    expect(await runIdsOf('fake_items')).toEqual([first.run_id]);
    expect(await runIdsOf('fake_comments')).toEqual([first.run_id]);
  });

  it('exits 1 when registration fails after the commit, with the run committed and registered by the next run', async () => {
    const { source, secrets } = writeFakeSource(api, { retries: 0 });
    const missing = `${moto.database}_missing`;
    const result = await cli(source, secrets, missing);
    expect(result.code).toBe(1);
    const summary = singleJson(result.stdout);
    expect(summary).toMatchObject({ status: 'succeeded', catalog: { database: missing, ok: false } });
    expect(result.stderr).toContain(`the run is committed, but registering it in the Glue database ${missing} failed`);

    const next = await cli(source, secrets);
    expect(next.code).toBe(0);
    const repaired = singleJson(next.stdout);
    expect(repaired).toMatchObject({ catalog: { ok: true, partitions_added: 4 } });
    expect(await runIdsOf('fake_items')).toEqual([summary.run_id, repaired.run_id].sort());
  });
});
