import type { Checkpoint } from '../../../lambdas/commit/checkpoint';
import { readCheckpoint, writeCheckpoint } from '../../../lambdas/commit/checkpoint';
import { checkpointKey } from '../../../lambdas/commit/layout';
import { parseManifest } from '../../../lambdas/commit/manifest';
import { ManifestError } from '../../../lambdas/errors/ManifestError';
import { STORES } from '../sink/storeFixtures';

const file = { key: 'acme/users/dt=2026-11-29/20261129T020000Z-0a1b2c3d/part-00000.jsonl.gz', records: 3, bytes: 90, sha256: 'b'.repeat(64) };

const checkpoint: Checkpoint = {
  run_id: '20261129T020000Z-0a1b2c3d',
  source: 'acme',
  seq: 4,
  trigger: 'schedule',
  started_at: '2026-11-29T02:00:00.000Z',
  invocation: 2,
  window: { from: '2026-01-01' },
  options: { resources: ['users', 'orders'], max_pages: 50 },
  done: { users: { records: 3, pages: 1, files: [file], state: { incremental: { last_value: '2026-11-28', boundary_keys: ['7'] } } } },
  current: {
    resource: 'orders',
    position: { paginator: { cursor: 'abc', nested: [1, null, { x: true }] }, parent: { file: 0, line: 3 }, cursor: { last_value: 7, boundary_keys: ['7'] } },
    files: [{ ...file, key: file.key.replace('users', 'orders') }],
    next_part: 1,
    records: 3,
    pages: 7,
  },
};

describe.each(STORES)('checkpoint on %s', (_name, factory) => {
  it('reads back exactly what was written', async () => {
    const { store } = await factory.create();
    const key = checkpointKey('', 'acme', checkpoint.run_id);
    await writeCheckpoint(store, key, checkpoint);
    expect(await readCheckpoint(store, key)).toEqual(checkpoint);
  });

  it('fails with the key when the checkpoint is missing or malformed', async () => {
    const { store } = await factory.create();
    const key = checkpointKey('', 'acme', checkpoint.run_id);
    await expect(readCheckpoint(store, key)).rejects.toThrow(new RegExp(`^checkpoint ${key} is not usable: not found`));
    await store.putBytes(key, JSON.stringify({ ...checkpoint, done: { users: { records: -1 } } }), 'application/json');
    const error = await readCheckpoint(store, key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as Error).message).toMatch(/done\.users\.records: .*; done\.users\.pages: /);
  });

  it('validates the position of the resource in progress instead of trusting it', async () => {
    const { store } = await factory.create();
    const key = checkpointKey('', 'acme', checkpoint.run_id);
    const current = { ...checkpoint.current, position: { parent: { index: 3 }, cursor: { last_value: 1 } } };
    await store.putBytes(key, JSON.stringify({ ...checkpoint, current }), 'application/json');
    await expect(readCheckpoint(store, key)).rejects.toThrow(/current\.position\.parent\.file: .*current\.position\.cursor\.boundary_keys: /);
  });
});

describe('parseManifest', () => {
  it('rejects bytes that are not JSON, naming the key', () => {
    expect(() => parseManifest(Buffer.from('{'), 'k.json')).toThrow(/^manifest k\.json is not usable: not JSON/);
  });

  it('requires sha256 as lowercase hex and timestamps with milliseconds', () => {
    const manifest = {
      run_id: 'r', source: 's', status: 'succeeded', trigger: 'cli', seq: 1, format: 'jsonl.gz', sluice_version: '0.1.0',
      started_at: '2026-11-29T02:00:00Z', finished_at: '2026-11-29T02:00:00.000Z',
      resources: { users: { records: 1, pages: 1, files: [{ ...file, sha256: 'B'.repeat(64) }] } },
    };
    expect(() => parseManifest(Buffer.from(JSON.stringify(manifest)), 'k.json')).toThrow(/started_at: .*; resources\.users\.files\[0\]\.sha256: lowercase hex SHA-256/);
  });
});
