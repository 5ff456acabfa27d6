import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCommittedView } from '../../lambdas/commit/readCommittedView';
import { LocalStore } from '../../lambdas/sink/LocalStore';
import type { ObjectStore } from '../../lambdas/sink/ObjectStore';
import { S3Store } from '../../lambdas/sink/S3Store';
import { createTestBucket, testS3Client } from '../support/aws';
import type { FaultProxy } from '../support/faultProxy';
import { startFaultProxy } from '../support/faultProxy';
import { dispositionSource, runDispositionScenario } from '../lambdas/commit/dispositionScenario';
import type { ExpectedView } from '../lambdas/commit/dispositionScenario';
import { startItemsApi } from '../lambdas/run/runSource.fixtures';
import type { ItemsApi } from '../lambdas/run/runSource.fixtures';
import { runCli, tempDir } from './support/runCli';

let api: ItemsApi;
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy();
});
afterAll(async () => {
  await proxy.close();
});
beforeEach(async () => {
  api = await startItemsApi();
});
afterEach(async () => {
  await api.close();
});

/** The scenario's source as a file the CLI loads. */
function sourceFile(): string {
  const file = join(tempDir('sluice-query-src-'), 'acme.json');
  writeFileSync(file, JSON.stringify(dispositionSource(api).definition));
  return file;
}

interface Where {
  readonly name: string;
  /** A fresh store with the scenario run into it, and the CLI flags that point at it. */
  setUp(): Promise<{ store: ObjectStore; flags: string[]; expected: ExpectedView }>;
}

const WHERE: Where[] = [
  {
    name: '--out DIR',
    async setUp() {
      const out = tempDir('sluice-query-out-');
      const store = new LocalStore(out);
      return { store, flags: ['--out', out], expected: await runDispositionScenario(api, store) };
    },
  },
  {
    name: '--bucket B (moto)',
    async setUp() {
      const bucket = await createTestBucket('sluice-query');
      const store = new S3Store({ bucket, client: testS3Client() });
      return { store, flags: ['--bucket', bucket], expected: await runDispositionScenario(api, store) };
    },
  },
];

const byId = <T extends { id: number }>(rows: T[]): T[] => [...rows].sort((a, b) => a.id - b.id);

describe.each(WHERE)('sluice query and show with $name', ({ setUp }) => {
  it('answers SQL on each table with its disposition applied, and never sees the failed run', async () => {
    const { flags, expected } = await setUp();
    const source = sourceFile();
    const sql = `
      SELECT 'appended' AS t, id, title FROM appended
      UNION ALL SELECT 'current_items', id, title FROM current_items
      UNION ALL SELECT 'merged', id, title FROM merged
      ORDER BY t, id, title`;
    const result = await runCli(['query', source, sql, ...flags, '--json']);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as Array<{ t: string; id: number; title: string }>;
    const of = (t: string): Array<{ id: number; title: string }> => rows.filter((r) => r.t === t).map(({ id, title }) => ({ id, title }));
    const pick = (items: ExpectedView['appended']): Array<{ id: number; title: string }> =>
      [...items].sort((a, b) => a.id - b.id || a.title.localeCompare(b.title)).map(({ id, title }) => ({ id, title }));
    expect(of('appended')).toEqual(pick(expected.appended));
    expect(of('current_items')).toEqual(pick(expected.current_items));
    expect(of('merged')).toEqual(pick(expected.merged));
    expect(rows.map((r) => r.id)).not.toContain(expected.failed[0].id);
  });

  it('prints CSV and a plain table', async () => {
    const { flags, expected } = await setUp();
    const source = sourceFile();
    const csv = await runCli(['query', source, 'SELECT id, title FROM merged ORDER BY id', ...flags, '--csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe(['id,title', ...byId(expected.merged).map((r) => (r.title.includes(',') ? `${r.id},"${r.title}"` : `${r.id},${r.title}`)), ''].join('\n'));
    const table = await runCli(['query', source, 'SELECT count(*) AS n FROM appended', ...flags]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').map((l) => l.trim())).toEqual(['n', String(expected.appended.length), '']);
  });

  it('shows the latest committed records of one resource, or of every table', async () => {
    const { flags, expected } = await setUp();
    const source = sourceFile();
    const one = await runCli(['show', source, 'merged', ...flags, '--limit', '2']);
    expect(one.code).toBe(0);
    const lines = one.stdout.split('\n');
    expect(lines[0]).toBe(`merged: merge, ${expected.merged.length} record(s), latest run seq 3`);
    expect(lines[1]).toMatch(/^id\s+updated_at\s+title$/);
    expect(lines.slice(2, 4).map((l) => l.trim().split(/\s+/)[0])).toEqual(expected.merged.slice(-2).map((r) => String(r.id)));
    expect(one.stdout).toContain('the latest 2 shown (--limit 2)');

    const all = await runCli(['show', source, ...flags]);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(`current_items (resource replaced): replace, ${expected.current_items.length} record(s), latest run seq 2`);
    expect(all.stdout).toContain('appended: append');
    expect(all.stdout).not.toContain('ghost');

    const unknown = await runCli(['show', source, 'nosuch', ...flags]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no resource or table "nosuch"');
  });
});

describe('sluice query --bucket', () => {
  it('reads through the AWS SDK only the commits, the manifests and the files they commit', async () => {
    const bucket = await createTestBucket('sluice-query-sdk');
    const store = new S3Store({ bucket, client: testS3Client() });
    await runDispositionScenario(api, store);
    const committed = new Set((await readCommittedView(store, '', 'acme')).tables.flatMap((t) => t.files.map((f) => f.key)));
    proxy.requests.length = 0;

    const result = await runCli(['query', sourceFile(), 'SELECT count(*) AS n FROM merged', '--bucket', bucket, '--json'], { env: { AWS_ENDPOINT_URL: proxy.endpoint } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ n: 5 }]);
    const gets = proxy.requests.filter((r) => r.operation === 'GetObject').map((r) => r.key);
    expect(gets.filter((k) => k.endsWith('.jsonl.gz')).sort()).toEqual([...committed].sort());
    // Besides data files, only the commits and the manifests (a commit's copy may be missing after a crash).
    expect(gets.filter((k) => !k.endsWith('.jsonl.gz')).filter((k) => !k.startsWith('acme/_commits/') && !k.startsWith('acme/_manifests/'))).toEqual([]);
  });
});

describe('sluice query and show before any run', () => {
  it('say that nothing is committed, where they looked and the two ways out', async () => {
    const out = tempDir('sluice-query-empty-');
    const query = await runCli(['query', sourceFile(), 'SELECT 1 AS one', '--out', out, '--prefix', 'raw']);
    expect(query.stderr).toContain(`no committed run of "acme", so no tables to query, in ${out} under raw/ (run it with \`sluice run acme\`, or pass --out DIR or --bucket B)`);
    const show = await runCli(['show', sourceFile(), '--out', out]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`nothing committed for "acme" in ${out} (run it with \`sluice run acme\`, or pass --out DIR or --bucket B)`);
  });
});
