import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, singleJson, tempDir, writeJson } from './support/runCli';

describe('sluice list', () => {
  const dir = tempDir();
  writeJson(dir, 'acme.json', {
    name: 'acme',
    schedule: 'cron(0 2 * * ? *)',
    timezone: 'Europe/Berlin',
    client: { base_url: 'https://api.acme.test/', auth: { type: 'bearer', token: { secret: 'api_token' } } },
    resources: [
      'customers',
      { name: 'invoices', endpoint: { path: 'customers/{resources.customers.id}/invoices' } },
      { name: 'orders', endpoint: { incremental: { cursor_path: 'updated_at', start_param: 'since' } } },
    ],
  });
  writeJson(dir, 'local.json', { name: 'local', client: { base_url: 'https://x.test/' }, resources: ['a'] });

  it('shows schedules with next run times in the source time zone, resources and secrets', async () => {
    const result = await runCli(['list', '--sources', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('cron(0 2 * * ? *) (Europe/Berlin)');
    expect(result.stdout).toMatch(/next runs\s+\d{4}-\d\d-\d\d 02:00, \d{4}-\d\d-\d\d 02:00, \d{4}-\d\d-\d\d 02:00/);
    expect(result.stdout).toContain('invoices (child of customers)');
    expect(result.stdout).toContain('orders (incremental on updated_at)');
    expect(result.stdout).toContain('/sluice/acme/api_token (client.auth.token)');
    expect(result.stdout).toContain('none (local runs only');
  });

  it('prints one JSON object with --json', async () => {
    const result = await runCli(['list', '--sources', dir, '--json', '--next', '2']);
    expect(result.code).toBe(0);
    const out = singleJson(result.stdout) as { sources: Array<Record<string, unknown>> };
    expect(out.sources[0]).toMatchObject({
      name: 'acme',
      timezone: 'Europe/Berlin',
      resources: [{ name: 'customers', selected: true }, { name: 'invoices', parent: 'customers', selected: true }, { name: 'orders', incremental: 'updated_at', selected: true }],
      secrets: [{ parameter: '/sluice/acme/api_token', field: 'client.auth.token' }],
    });
    expect(out.sources[0].next_runs).toHaveLength(2);
    expect(out.sources[1]).toMatchObject({ name: 'local', schedule: null, next_runs: [] });
  });

  it('exits 2 when a source is invalid, still listing the others', async () => {
    const bad = tempDir();
    writeJson(bad, 'ok.json', { name: 'ok', client: { base_url: 'https://x.test/' }, resources: ['a'] });
    writeJson(bad, 'broken.json', { name: 'broken' });
    const result = await runCli(['list', '--sources', bad]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('ok');
    expect(result.stdout).toMatch(/broken\.json: invalid \(\d+ problems?; run `sluice validate/);
  });

  it('reports a source whose cron fields are out of range as invalid instead of failing the listing', async () => {
    const bad = tempDir();
    writeJson(bad, 'ok.json', { name: 'ok', schedule: 'rate(1 hour)', client: { base_url: 'https://x.test/' }, resources: ['a'] });
    writeJson(bad, 'late.json', { name: 'late', schedule: 'cron(99 99 * * ? *)', client: { base_url: 'https://x.test/' }, resources: ['a'] });
    const result = await runCli(['list', '--sources', bad]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('rate(1 hour)');
    expect(result.stdout).toMatch(/late\.json: invalid \(2 problems; run `sluice validate/);
    const validate = await runCli(['validate', join(bad, 'late.json')]);
    expect(validate.code).toBe(2);
    expect(validate.stderr + validate.stdout).toMatch(/schedule: "cron\(99 99 \* \* \? \*\)": minutes "99" is outside 0-59/);
  });

  it('lists sources inside lib/ and auth/ folders and says why a helper module is skipped', async () => {
    const tree = tempDir();
    mkdirSync(join(tree, 'lib'));
    mkdirSync(join(tree, 'auth'));
    writeJson(join(tree, 'lib'), 'billing.json', { name: 'billing', schedule: 'rate(1 day)', client: { base_url: 'https://x.test/' }, resources: ['a'] });
    writeFileSync(join(tree, 'auth', 'helper.ts'), 'export const TOKEN_HEADER = "X-Token";\n');
    const list = await runCli(['list', '--sources', tree, '--json']);
    expect(list.code).toBe(0);
    const out = singleJson(list.stdout) as { sources: Array<{ name: string }>; skipped: Array<{ file: string; reason: string }> };
    expect(out.sources.map((s) => s.name)).toEqual(['billing']);
    expect(out.skipped).toEqual([{ file: join(tree, 'auth', 'helper.ts'), reason: expect.stringMatching(/^not a source: .*helper module/) }]);
    const validate = await runCli(['validate', '--sources', tree]);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(/lib\/billing\.json: source "billing"/);
    expect(validate.stdout).toMatch(/auth\/helper\.ts: skipped, not a source: it has no default export and no `source` export/);
  });

  it('skips a JSON file that is no source definition with its reason, and still reports a broken source', async () => {
    const tree = tempDir();
    writeJson(tree, 'billing.json', { name: 'billing', schedule: 'rate(1 day)', client: { base_url: 'https://x.test/' }, resources: ['a'] });
    writeJson(tree, 'acme.secrets.json', { '/sluice/acme/token': 'not-a-source-value' });
    writeJson(tree, 'tsconfig.json', { compilerOptions: { strict: true } });
    writeJson(tree, 'broken.json', { name: 'broken', resources: ['a'] });
    const list = await runCli(['list', '--sources', tree, '--json']);
    expect(list.code).toBe(2);
    const out = singleJson(list.stdout) as { sources: Array<{ name: string }>; skipped: Array<{ file: string; reason: string }> };
    expect(out.skipped).toEqual(
      ['acme.secrets.json', 'tsconfig.json'].map((f) => ({ file: join(tree, f), reason: expect.stringMatching(/^not a source: a JSON object with none of "name", "client" and "resources"/) })),
    );
    const validate = await runCli(['validate', '--sources', tree]);
    expect(validate.code).toBe(2);
    expect(validate.stdout).toMatch(/acme\.secrets\.json: skipped, not a source/);
    expect(validate.stdout).toMatch(/tsconfig\.json: skipped, not a source/);
    expect(validate.stdout).toContain('client: required (object)');
    expect(validate.stderr).toContain('1 of 2 source files invalid');
    expect(validate.stdout + validate.stderr).not.toContain('not-a-source-value');
  });
});
