import { createTestBucket } from '../support/aws';
import type { FakeApi } from '../support/fakeApi';
import { startFakeApi } from '../support/fakeApi';
import { writeFakeSource } from './support/fakeSource';
import { runCli, runCliOnTerminal, singleJson, tempDir } from './support/runCli';

type Json = Record<string, unknown>;

describe('sluice state', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: 25 }, childrenPerParent: 2 });
  });
  afterAll(() => api.close());

  /** `where` is `--out DIR` or `--bucket B`. */
  async function resetAndSet(where: string[]): Promise<void> {
    const { source, secrets } = writeFakeSource(api);
    const run = async (): Promise<Json> => {
      const result = await runCli(['run', source, ...where, '--secrets-file', secrets, '--resources', 'items', '--json']);
      expect(result.code).toBe(0);
      return singleJson(result.stdout);
    };
    const itemsOf = (summary: Json): number => (summary.resources as Record<string, { records: number }>).items.records;

    expect(itemsOf(await run())).toBe(25);
    const shown = singleJson((await runCli(['state', source, ...where, '--json'])).stdout);
    expect(shown).toMatchObject({ source: 'fake', seq: 1, resources: { items: { incremental: { last_value: '2024-01-02T01:00:00Z' } }, comments: null } });
    const table = await runCli(['state', source, ...where]);
    expect(table.stdout).toMatch(/^items\s+cursor "2024-01-02T01:00:00Z"/m);
    expect(table.stdout).toMatch(/^comments\s+none \(the next run starts from initial_value\)/m);
    expect(itemsOf(await run())).toBe(0);

    // Without --yes and without a terminal to answer on: refused, nothing committed.
    const refused = await runCli(['state', source, ...where, '--reset', '--resources', 'items']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('add --yes');
    expect(refused.stderr).toMatch(/items\s+cursor "2024-01-02T01:00:00Z".*none/);
    expect(singleJson((await runCli(['state', source, ...where, '--json'])).stdout).seq).toBe(2);

    const reset = await runCli(['state', source, ...where, '--reset', '--resources', 'items', '--yes', '--json']);
    expect(reset.code).toBe(0);
    expect(singleJson(reset.stdout)).toMatchObject({ seq: 3, changed: ['items'], resources: { items: { after: null } } });
    expect(itemsOf(await run())).toBe(25);

    const set = await runCli(['state', source, ...where, '--set', 'items=2024-01-01T20:00:00Z', '--yes']);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('committed state as seq 5');
    expect(itemsOf(await run())).toBe(6);

    const runs = singleJson((await runCli(['runs', source, ...where, '--json'])).stdout).runs as Array<{ trigger: string; seq: number; records: Json }>;
    expect(runs.map((r) => r.trigger)).toEqual(['cli', 'state', 'cli', 'state', 'cli', 'cli']);
    expect(runs[1].records).toEqual({});
  }

  it('resets and sets the cursor in --out, and the next run starts from it', async () => {
    await resetAndSet(['--out', tempDir('sluice-cli-out-')]);
  });

  it('resets and sets the cursor in a bucket (moto), and the next run starts from it', async () => {
    await resetAndSet(['--bucket', await createTestBucket('sluice-state')]);
  });

  it('asks on a terminal before committing, and commits only on yes', async () => {
    const { source, secrets } = writeFakeSource(api);
    const out = tempDir('sluice-cli-out-');
    expect((await runCli(['run', source, '--out', out, '--secrets-file', secrets, '--resources', 'items'])).code).toBe(0);
    const reset = ['state', source, '--out', out, '--reset', '--resources', 'items'];

    const no = await runCliOnTerminal(reset, 'n\n');
    expect(no.code).toBe(0);
    expect(no.output).toMatch(/items\s+cursor "2024-01-02T01:00:00Z".*none/);
    expect(no.output).toContain('commit this as seq 2? [y/N]');
    expect(no.output).toContain('nothing committed');
    expect(singleJson((await runCli(['state', source, '--out', out, '--json'])).stdout).seq).toBe(1);

    const yes = await runCliOnTerminal(reset, 'y\n');
    expect(yes.code).toBe(0);
    expect(yes.output).toContain('committed state as seq 2');
    expect(singleJson((await runCli(['state', source, '--out', out, '--json'])).stdout)).toMatchObject({ seq: 2, resources: { items: null } });
  });

  it('refuses a value of the wrong type, a child, a non-incremental or unknown resource, naming each', async () => {
    const { source, secrets } = writeFakeSource(api);
    const out = tempDir('sluice-cli-out-');
    expect((await runCli(['run', source, '--out', out, '--secrets-file', secrets, '--max-pages', '1'])).code).toBe(0);
    const bad = await runCli(['state', source, '--out', out, '--set', 'items=yesterday', '--set', 'comments=1', '--set', 'nosuch=1', '--yes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"items": "yesterday" is not an ISO 8601 / RFC 3339 date or date-time');
    expect(bad.stderr).toContain('"comments" is not incremental, it has no cursor to set (incremental resources: items)');
    expect(bad.stderr).toContain('no resource "nosuch" (resources: items, comments)');
    const usage = await runCli(['state', source, '--out', out, '--set', 'items']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--set takes <resource>=<value>');
    expect(singleJson((await runCli(['state', source, '--out', out, '--json'])).stdout).seq).toBe(1);
  });
});
