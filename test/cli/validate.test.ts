import { join } from 'node:path';
import { runCli, singleJson, tempDir, writeJson } from './support/runCli';

const valid = {
  name: 'acme',
  schedule: 'rate(1 hour)',
  client: { base_url: 'https://api.acme.test/v1/', auth: { type: 'bearer', token: { secret: 'api_token' } } },
  resources: ['customers'],
};

describe('sluice validate', () => {
  it('exits 0 for a valid file', async () => {
    const dir = tempDir();
    const result = await runCli(['validate', writeJson(dir, 'acme.json', valid)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('source "acme", 1 resource');
  });

  it('exits 2 listing every problem with its field path', async () => {
    const dir = tempDir();
    const file = writeJson(dir, 'bad.json', {
      ...valid,
      resources: [{ name: 'orders', endpoint: { paginator: { type: 'offset' }, data_selecter: 'data' } }],
    });
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('2 problems');
    expect(result.stdout).toContain('resources[0].endpoint.paginator.limit: required');
    expect(result.stdout).toContain('resources[0].endpoint: unknown key "data_selecter"');
  });

  it('exits 2 for a plain-text credential without echoing it', async () => {
    const dir = tempDir();
    const file = writeJson(dir, 'plain.json', { ...valid, client: { base_url: 'https://api.acme.test/', auth: { type: 'bearer', token: 'plain-text-token' } } });
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('client.auth.token: a credential must be a secret reference');
    expect(result.stdout).not.toContain('plain-text-token');
  });

  it('validates every file of a directory and reports the invalid ones', async () => {
    const dir = tempDir();
    writeJson(dir, 'acme.json', valid);
    writeJson(dir, 'broken.json', { name: 'Broken!', client: {}, resources: [] });
    const result = await runCli(['validate', '--sources', dir, '--json']);
    expect(result.code).toBe(2);
    const out = singleJson(result.stdout) as { ok: boolean; sources: Array<{ file: string; ok: boolean; issues?: Array<{ path: string }> }> };
    expect(out.ok).toBe(false);
    expect(out.sources.map((s) => [s.file.endsWith('acme.json'), s.ok])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(out.sources[1].issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['name', 'client.base_url', 'resources']));
  });

  it('validates every shipped example source', async () => {
    const result = await runCli(['validate', '--sources', join('sources', 'examples'), '--json']);
    expect(result.code).toBe(0);
    const out = singleJson(result.stdout) as { sources: Array<{ ok: boolean; deployable: boolean }> };
    expect(out.sources.length).toBeGreaterThanOrEqual(4);
    expect(out.sources.every((s) => s.ok && s.deployable)).toBe(true);
  });

  it('validates the demo source', async () => {
    expect((await runCli(['validate', 'demo/source.json'])).code).toBe(0);
  });
});
