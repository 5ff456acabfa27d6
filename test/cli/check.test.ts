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
