import { createTestBucket } from '../support/aws';
import type { FakeApi } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import { writeFakeSource } from './support/fakeSource';
import { runCli, singleJson, tempDir } from './support/runCli';

interface Run {
  run_id: string;
  seq: number | null;
  status: string;
  trigger: string;
  started_at: string;
  duration_ms: number;
  records: Record<string, number>;
  error?: string;
}

describe('sluice runs', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 25 }, childrenPerParent: 2 });
  });
  afterAll(() => api.close());
  afterEach(() => api.clearFaults());

  /** Two succeeded runs around a failed one, into `where`. */
  async function threeRuns(where: string[]): Promise<{ source: string; runIds: string[] }> {
    const { source, secrets } = writeFakeSource(api, { retries: 0 });
    const runIds: string[] = [];
    const first = await runCli(['run', source, ...where, '--secrets-file', secrets, '--json']);
    expect(first.code).toBe(0);
    runIds.push(singleJson(first.stdout).run_id as string);
    api.addFault({ path: '/bearer/json-link/items', kind: 'status', status: 500, times: Infinity });
    const failed = await runCli(['run', source, ...where, '--secrets-file', secrets, '--json']);
    expect(failed.code).toBe(1);
    runIds.push(singleJson(failed.stdout).run_id as string);
    api.clearFaults();
    const third = await runCli(['run', source, ...where, '--secrets-file', secrets, '--resources', 'items', '--json']);
    expect(third.code).toBe(0);
    runIds.push(singleJson(third.stdout).run_id as string);
    return { source, runIds };
  }

  function expectHistory(runs: Run[], runIds: string[]): void {
    expect(runs.map((r) => r.run_id)).toEqual([...runIds].reverse());
    expect(runs[0]).toMatchObject({ seq: 2, status: 'succeeded', trigger: 'cli', records: { items: 0 } });
    expect(runs[0].records).not.toHaveProperty('comments');
    expect(runs[1]).toMatchObject({ seq: null, status: 'failed', trigger: 'cli' });
    expect(runs[1].error).toContain('500');
    expect(runs[2]).toMatchObject({ seq: 1, status: 'succeeded', records: { items: 25, comments: 50 } });
    for (const r of runs) expect(r.duration_ms).toBeGreaterThanOrEqual(0);
  }

  it('lists every run in --out newest first, the failed one with its error', async () => {
    const out = tempDir('sluice-cli-out-');
    const { source, runIds } = await threeRuns(['--out', out]);

    const json = await runCli(['runs', source, '--out', out, '--json']);
    expect(json.code).toBe(0);
    const parsed = singleJson(json.stdout) as { source: string; out: string; runs: Run[] };
    expect(parsed).toMatchObject({ source: 'fake', out });
    expectHistory(parsed.runs, runIds);

    const table = await runCli(['runs', source, '--out', out]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+SEQ\s+STATUS\s+TRIGGER\s+STARTED \(UTC\)\s+DURATION\s+RECORDS\s+ERROR$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(new RegExp(`^${runIds[2]}\\s+2\\s+succeeded\\s+cli\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\\s+\\S+ m?s\\s+items 0$`));
    expect(lines[2]).toMatch(new RegExp(`^${runIds[1]}\\s+-\\s+failed\\s+cli .*500`));
    expect(lines[3]).toMatch(/items 25, comments 50$/);

    const limited = await runCli(['runs', source, '--out', out, '--limit', '1']);
    expect(limited.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(limited.stdout).toContain('2 older run(s) not shown');
  });

  it('reads the runs of a bucket (moto)', async () => {
    const bucket = await createTestBucket('sluice-runs');
    const { source, runIds } = await threeRuns(['--bucket', bucket]);
    const json = await runCli(['runs', source, '--bucket', bucket, '--json']);
    expect(json.code).toBe(0);
    const parsed = singleJson(json.stdout) as { bucket: string; runs: Run[] };
    expect(parsed.bucket).toBe(bucket);
    expectHistory(parsed.runs, runIds);
  });

  it('says where it looked when there are no runs', async () => {
    const { source } = writeFakeSource(api);
    const out = tempDir('sluice-cli-out-');
    const result = await runCli(['runs', source, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`no runs of "fake" in ${out}`);
  });
});
