import type { FakeApi } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import { writeFakeSource } from './support/fakeSource';
import { runCli, singleJson, tempDir, writeJson } from './support/runCli';

describe('sluice check', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 12 }, childrenPerParent: 2 });
  });
  afterAll(() => api.close());

  it('prints a table and exits 0 when every resource answers', async () => {
    const { source, secrets } = writeFakeSource(api);
    const result = await runCli(['check', source, '--secrets-file', secrets]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/RESOURCE\s+CHECK\s+STATUS\s+RECORDS/);
    expect(result.stdout).toMatch(/items\s+ok\s+200\s+yes/);
    expect(result.stdout).toMatch(/comments\s+ok\s+200\s+yes/);
    expect(result.stdout).toContain('every resource ok');
  });

  it('prints the check response of the contract with --json', async () => {
    const { source, secrets } = writeFakeSource(api);
    const result = await runCli(['check', source, '--secrets-file', secrets, '--json']);
    expect(result.code).toBe(0);
    expect(singleJson(result.stdout)).toEqual({
      mode: 'check',
      source: 'fake',
      ok: true,
      resources: {
        items: { ok: true, status: 200, records_found: true, elapsed_ms: expect.any(Number) },
        comments: { ok: true, status: 200, records_found: true, elapsed_ms: expect.any(Number) },
      },
    });
  });

  it('waits as long as a Retry-After of up to 5 s asks, and reports a longer one with the wait it asked for', async () => {
    const { source, secrets } = writeFakeSource(api, { retries: 5, maxDelayMs: 60_000 });
    // Longer than check's backoff cap of 1 s: before, the retry came too early and the check failed.
    api.addFault({ path: '/bearer/json-link/items', kind: 'status', status: 429, retryAfter: 2 });
    const waited = await runCli(['check', source, '--secrets-file', secrets, '--resources', 'items', '--json']);
    expect(singleJson(waited.stdout)).toMatchObject({ ok: true, resources: { items: { ok: true, status: 200 } } });
    expect(waited.code).toBe(0);
    // The retry came when the API asked, not after the 1 s backoff cap (a lower bound, so never flaky).
    const [limited, retried] = api.requests.filter((r) => r.path === '/bearer/json-link/items').slice(-2);
    expect([limited.status, retried.status]).toEqual([429, 200]);
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(1900);

    api.addFault({ path: '/bearer/json-link/items', kind: 'status', status: 429, retryAfter: 120 });
    const before = api.requests.length;
    const refused = await runCli(['check', source, '--secrets-file', secrets, '--resources', 'items', '--json']);
    expect(refused.code).toBe(1);
    expect(singleJson(refused.stdout)).toMatchObject({
      ok: false,
      resources: { items: { ok: false, status: 429, error: expect.stringContaining('the API asks to wait 120 s before trying again (Retry-After: 120), longer than the 5 s this waits; try again later') } },
    });
    // Reported at once: the 429 was the only request.
    expect(api.requests.length - before).toBe(1);
  });

  it('exits 1 when the API rejects the credentials, without printing them', async () => {
    const { source, secrets } = writeFakeSource(api, { token: 'wrong-token-value' });
    const result = await runCli(['check', source, '--secrets-file', secrets, '--json']);
    expect(result.code).toBe(1);
    const out = singleJson(result.stdout) as { ok: boolean; resources: Record<string, { ok: boolean; status: number | null }> };
    expect(out.ok).toBe(false);
    expect(out.resources.items).toMatchObject({ ok: false, status: 401 });
    expect(result.stdout + result.stderr).not.toContain('wrong-token-value');
  });

  it('exits 2 naming the missing secret before any request', async () => {
    const { source } = writeFakeSource(api);
    const empty = writeJson(tempDir(), 'empty.json', {});
    api.clearLog();
    const result = await runCli(['check', source, '--secrets-file', empty]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/sluice/fake/token');
    expect(result.stderr).toContain('client.auth.token');
    expect(api.requests).toHaveLength(0);
  });
});
