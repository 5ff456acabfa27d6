/**
 * Schema inference over whole runs: every record written is typed, the types
 * go into the manifest's resource entry, a run continued across invocations
 * infers the same schema as one uninterrupted run, and a manifest written
 * before schemas existed is still read.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '../../../lambdas/commit/manifest';
import { parseManifest } from '../../../lambdas/commit/manifest';
import { validateSource } from '../../../lambdas/config/validateSource';
import { runSource } from '../../../lambdas/run/runSource';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import { startFakeApi } from '../../support/fakeApi';
import type { FakeApi, FakeRecord } from '../../support/fakeApi';
import { readJson, runInvocations } from './runSource.fixtures';

let api: FakeApi;
const RECORDS: FakeRecord[] = [
  { id: 1, name: 'a', updated_at: '2026-01-01T00:00:00Z', price: 3, tags: ['x'], owner: { login: 'ann', org: { id: 7 } } },
  { id: 2, name: 'b', updated_at: '2026-01-02T00:00:00Z', price: 2.5, tags: [], owner: null },
  { id: 3, name: 'c', updated_at: '2026-01-03T00:00:00Z', price: 'n/a', tags: ['y'], owner: { login: 'bob', org: { id: 8, name: 'o' } } },
  { id: 4, name: 'd', updated_at: '2026-01-04T00:00:00Z', price: 4, tags: ['z'], owner: { login: 'cy', org: null } },
  { id: 5, name: 'e', updated_at: '2026-01-05T00:00:00Z', price: 1, tags: null, owner: { login: 'di', org: { id: 9 } } },
];
const EXPECTED = {
  struct: {
    id: 'bigint',
    name: 'string',
    updated_at: 'string',
    price: 'string',
    tags: { array: 'string' },
    owner: { struct: { login: 'string', org: { struct: { id: 'bigint', name: 'string' } } } },
  },
};

beforeAll(async () => {
  api = await startFakeApi({ collections: { things: RECORDS } });
});
afterAll(() => api.close());

const source = () =>
  validateSource({
    name: 'typed',
    client: { base_url: api.baseUrl },
    resources: [{ name: 'things', endpoint: { path: 'public/offset/things', data_selector: 'items', paginator: { type: 'offset', limit: 2, total_path: 'total' } } }],
    run: { part_max_records: 2, safety_margin_ms: 1000 },
  });
const newStore = () => new LocalStore(mkdtempSync(join(tmpdir(), 'sluice-schema-')));

describe('schema inference', () => {
  it('records the types of every record written in the manifest entry of the resource', async () => {
    const store = newStore();
    const summary = await runSource({ source: source(), store, secrets: new FileSecretStore({}), trigger: 'manual' });
    const manifest = await readJson<Manifest>(store, summary.manifest_key as string);
    expect(manifest.resources.things.schema).toEqual(EXPECTED);
  });

  it('infers the same schema when the run is continued across invocations', async () => {
    const store = newStore();
    const summaries = await runInvocations({ source: source(), secrets: new FileSecretStore({}), trigger: 'schedule' }, store, 2);
    expect(summaries.length).toBeGreaterThan(1);
    const last = summaries.at(-1);
    expect(last?.status).toBe('succeeded');
    const manifest = await readJson<Manifest>(store, last?.manifest_key as string);
    expect(manifest.resources.things.schema).toEqual(EXPECTED);
  });

  it('writes no schema for a resource without records', async () => {
    const empty = validateSource({ name: 'typed', client: { base_url: api.baseUrl }, resources: [{ name: 'none', endpoint: { path: 'public/offset/none', data_selector: 'items' } }] });
    api.setRecords('none', []);
    const store = newStore();
    const summary = await runSource({ source: empty, store, secrets: new FileSecretStore({}), trigger: 'manual' });
    const manifest = await readJson<Manifest>(store, summary.manifest_key as string);
    expect(manifest.resources.none).not.toHaveProperty('schema');
  });

  it('reads a manifest written before schemas, and refuses a schema of another shape', () => {
    const old = { run_id: '20261129T020000Z-0123abcd', source: 'typed', status: 'succeeded', trigger: 'schedule', seq: 1, format: 'jsonl.gz', sluice_version: '0.1.0', started_at: '2026-11-29T02:00:00.000Z', finished_at: '2026-11-29T02:00:01.000Z', resources: { things: { records: 0, pages: 1, files: [] } } };
    expect(parseManifest(Buffer.from(JSON.stringify(old)), 'k').resources.things.schema).toBeUndefined();
    const bad = { ...old, resources: { things: { records: 0, pages: 1, files: [], schema: { struct: { a: 'int' } } } } };
    expect(() => parseManifest(Buffer.from(JSON.stringify(bad)), 'k')).toThrow(/resources\.things\.schema/);
  });
});
