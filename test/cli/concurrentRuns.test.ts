/**
 * Two real `sluice run` processes of one source started together (issue 15,
 * case 1: a manual run next to the schedule): one commits seq 1, the other
 * exits 1 with `concurrent_run`, into a bucket (moto; the run lease, then the
 * conditional commit) and into a local folder (the lock file, then the
 * exclusive create).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestBucket, testS3Client } from '../support/aws';
import { firstSettled, startHeldApi } from '../support/heldApi';
import type { HeldApi } from '../support/heldApi';
import { S3Store } from '../../lambdas/sink/S3Store';
import { manifestsPrefix } from '../../lambdas/commit/layout';
import { runCli, singleJson, tempDir, writeJson } from './support/runCli';
import type { CliResult } from './support/runCli';

let api: HeldApi;
beforeEach(async () => {
  api = await startHeldApi([1, 2, 3].map((id) => ({ id })));
});
afterEach(() => api.close());

function writeSource(): string {
  return writeJson(tempDir('sluice-race-src-'), 'race.json', {
    name: 'race',
    client: { base_url: api.url, paginator: { type: 'single_page' } },
    resources: [{ name: 'items', primary_key: 'id', endpoint: { path: 'items', data_selector: 'data' } }],
  });
}

/** Starts both runs, answers once both are in the API (or one stopped without asking), and splits winner from loser. */
async function race(args: string[]): Promise<{ won: CliResult; lost: CliResult }> {
  const runs = [runCli(args), runCli(args)];
  await Promise.race([api.arrived(2), firstSettled(runs)]);
  api.open();
  const results = await Promise.all(runs);
  const won = results.filter((r) => r.code === 0);
  expect(won).toHaveLength(1);
  return { won: won[0], lost: results.find((r) => r !== won[0]) as CliResult };
}

function expectConcurrentRun(lost: CliResult, winner: string): void {
  expect(lost.code).toBe(1);
  const { error } = singleJson(lost.stdout) as { error: { code: string; kind: string; message: string } };
  expect(error).toMatchObject({ code: 'concurrent_run', kind: 'run' });
  // It names the run that won (committed first, or holds the lease or lock).
  if (!/pid \d+/.test(error.message)) expect(error.message).toContain(winner);
}

describe('sluice run, twice at once', () => {
  it('into one bucket: one run commits seq 1, the other exits 1 with concurrent_run', async () => {
    const bucket = await createTestBucket('sluice-cli-race');
    const { won, lost } = await race(['run', writeSource(), '--bucket', bucket, '--json']);
    const summary = singleJson(won.stdout) as { run_id: string; status: string };
    expect(summary.status).toBe('succeeded');
    expectConcurrentRun(lost, summary.run_id);

    const store = new S3Store({ bucket, client: testS3Client() });
    const manifests = await Promise.all((await store.list(manifestsPrefix('', 'race'))).map(async (k) => JSON.parse(((await store.get(k)) as Buffer).toString('utf8')) as { status: string; seq: number; run_id: string }));
    expect(manifests.filter((m) => m.status === 'succeeded').map((m) => [m.seq, m.run_id])).toEqual([[1, summary.run_id]]);
  });

  it('into one --out folder: one run commits seq 1, the other exits 1 with concurrent_run', async () => {
    const out = tempDir('sluice-cli-race-out-');
    const { won, lost } = await race(['run', writeSource(), '--out', out, '--json']);
    const summary = singleJson(won.stdout) as { run_id: string };
    expectConcurrentRun(lost, summary.run_id);
    const dir = join(out, 'race', '_manifests');
    const manifests = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { status: string; seq: number; run_id: string });
    expect(manifests.filter((m) => m.status === 'succeeded').map((m) => [m.seq, m.run_id])).toEqual([[1, summary.run_id]]);
  });
});
