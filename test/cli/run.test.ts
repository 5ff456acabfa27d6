import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeApi } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import { writeFakeSource } from './support/fakeSource';
import { runCli, singleJson, tempDir, writeJson } from './support/runCli';

interface Summary {
  run_id: string;
  status: string;
  manifest_key?: string;
  resources: Record<string, { records: number; pages: number; files: number }>;
  error?: string;
  out?: string;
}

describe('sluice run', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 25 }, childrenPerParent: 2 });
  });
  afterAll(() => api.close());
  afterEach(() => api.clearFaults());

  it('runs into --out, then reruns incrementally from the committed state', async () => {
    const { source, secrets } = writeFakeSource(api);
    const out = tempDir('sluice-cli-out-');

    const first = await runCli(['run', source, '--out', out, '--secrets-file', secrets, '--json']);
    expect(first.code).toBe(0);
    const s1 = singleJson(first.stdout) as unknown as Summary;
    expect(s1).toMatchObject({ status: 'succeeded', out, resources: { items: { records: 25, pages: 3 }, comments: { records: 50 } } });
    // The request budget of the run: every request the API saw, at most client.concurrency (4) at once.
    expect(s1).toMatchObject({ budget: { concurrency: 4, concurrency_limit: 4, requests: api.requests.length, throttled_429: 0, paused_ms: 0 } });
    expect(existsSync(join(out, s1.manifest_key ?? 'missing'))).toBe(true);

    const second = await runCli(['run', source, '--out', out, '--secrets-file', secrets, '--json']);
    expect(second.code).toBe(0);
    const s2 = singleJson(second.stdout) as unknown as Summary;
    expect(s2.status).toBe('succeeded');
    expect(s2.resources.items.records).toBe(0);
    expect(s2.resources.comments.records).toBe(0);

    const records = api.records('items');
    records.push({ id: 26, name: 'late', updated_at: '2099-01-01T00:00:00.000Z' });
    api.setRecords('items', records);
    const third = await runCli(['run', source, '--out', out, '--secrets-file', secrets, '--json']);
    const s3 = singleJson(third.stdout) as unknown as Summary;
    expect(s3.resources.items.records).toBe(1);
    expect(s3.resources.comments.records).toBe(2);
    expect(readdirSync(join(out, 'fake', '_manifests'))).toHaveLength(3);
  });

  it('says in the summary that the API throttled the run, with the 429s and the time paused', async () => {
    // Retries capped at 10 ms: the pause is the retry's wait, so it is 10 ms too.
    const { source, secrets } = writeFakeSource(api, { retries: 2 });
    const out = tempDir('sluice-cli-out-');
    api.addFault({ path: '/', kind: 'status', status: 429, retryAfter: 1 });
    const result = await runCli(['run', source, '--out', out, '--secrets-file', secrets, '--resources', 'items', '--max-pages', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/throttled: 1 × 429, paused 10 ms; 2 requests at [\d.]+\/s/);
  });

  it('prints a summary table and plain progress lines on stderr without a terminal', async () => {
    const { source, secrets } = writeFakeSource(api);
    const out = tempDir('sluice-cli-out-');
    const result = await runCli(['run', source, '--out', out, '--secrets-file', secrets, '--resources', 'items', '--max-pages', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/run \d{8}T\d{6}Z-[0-9a-f]{8} succeeded/);
    expect(result.stdout).toMatch(/items\s+10\s+1\s+1\s+truncated by max_pages/);
    expect(result.stdout).toContain(`manifest: ${out}/fake/_manifests/`);
    expect(result.stderr).toMatch(/^done items {2}pages 1 {2}records 10 /m);
    // eslint-disable-next-line no-control-regex
    expect(result.stdout + result.stderr).not.toMatch(/\u001b\[/);
  });

  it('exits 1 with the failed summary when the API fails and retries are exhausted', async () => {
    const { source, secrets } = writeFakeSource(api, { retries: 0 });
    api.addFault({ path: '/bearer/json-link/items', kind: 'status', status: 500, times: Infinity });
    const out = tempDir('sluice-cli-out-');
    const result = await runCli(['run', source, '--out', out, '--secrets-file', secrets, '--json']);
    expect(result.code).toBe(1);
    const summary = singleJson(result.stdout) as unknown as Summary;
    expect(summary).toMatchObject({ status: 'failed', out });
    expect(summary.error).toContain('500');
    expect(result.stderr).toContain('error:');
  });

  it('exits 2 for a missing secret and for an invalid source', async () => {
    const { source } = writeFakeSource(api);
    const empty = writeJson(tempDir(), 'empty.json', {});
    const missing = await runCli(['run', source, '--out', tempDir(), '--secrets-file', empty]);
    expect(missing.code).toBe(2);
    // Once, in the summary; stderr says what to do.
    expect(missing.stdout).toContain('/sluice/fake/token');
    expect(missing.stderr).not.toContain('/sluice/fake/token');
    expect(missing.stderr).toContain('--secrets-file');

    const invalid = writeJson(tempDir(), 'bad.json', { name: 'bad', client: { base_url: 'not a url' }, resources: ['a'] });
    const bad = await runCli(['run', invalid, '--out', tempDir(), '--json']);
    expect(bad.code).toBe(2);
    expect(singleJson(bad.stdout)).toMatchObject({ error: { code: 'config_invalid', kind: 'input' } });
  });

  it('exits 2 for --from/--to that are not of the cursor type, or an empty window, naming the flag and the accepted forms', async () => {
    const { source, secrets } = writeFakeSource(api);
    const run = (...window: string[]) => runCli(['run', source, '--out', tempDir(), '--secrets-file', secrets, ...window]);
    const garbage = await run('--from', 'lastweek');
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toContain('--from "lastweek" is not a cursor value; accepted: a number (42, 1.5, or as a string "42") or an ISO 8601 / RFC 3339 date or date-time');
    const wrongType = await run('--to', '42');
    expect(wrongType.code).toBe(2);
    expect(wrongType.stderr).toContain('--to "42" does not fit resource "items", whose cursor is a date-time; accepted: an ISO 8601 / RFC 3339 date or date-time');
    const empty = await run('--from', '2026-02-01', '--to', '2026-01-01');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--from "2026-02-01" must be before --to "2026-01-01"');
  });

  it('exits 2 for an unknown resource in --resources', async () => {
    const { source, secrets } = writeFakeSource(api);
    const result = await runCli(['run', source, '--out', tempDir(), '--secrets-file', secrets, '--resources', 'itemz']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('itemz');
  });
});
