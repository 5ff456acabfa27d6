import { gzipSync } from 'node:zlib';
import { commitManifest, listCommittedFiles, readCommittedState, readPointer } from '../../../lambdas/commit/committedState';
import { readJsonLines } from '../../../lambdas/commit/readJsonLines';
import { commitKey, manifestKey, statePointerKey } from '../../../lambdas/commit/layout';
import type { Manifest } from '../../../lambdas/commit/manifest';
import { serializeManifest } from '../../../lambdas/commit/manifest';
import type { ObjectStore } from '../../../lambdas/sink/ObjectStore';
import { ManifestError } from '../../../lambdas/errors/ManifestError';
import { STORES } from '../sink/storeFixtures';

const SOURCE = 'acme';

function manifest(runId: string, seq: number, status: Manifest['status'] = 'succeeded', cursor: unknown = seq * 10): Manifest {
  const file = (n: number) => ({ key: `p/${SOURCE}/users/dt=2026-11-29/${runId}/part-0000${n}.jsonl.gz`, records: 2, bytes: 40, sha256: 'a'.repeat(64) });
  return {
    run_id: runId,
    source: SOURCE,
    status,
    trigger: 'schedule',
    seq,
    format: 'jsonl.gz',
    sluice_version: '0.1.0',
    started_at: '2026-11-29T02:00:00.000Z',
    finished_at: '2026-11-29T02:00:05.123Z',
    resources: { users: { records: 4, pages: 1, files: [file(0), file(1)], state: { incremental: { last_value: cursor, boundary_keys: ['k'] } } } },
    ...(status === 'failed' ? { error: 'boom' } : {}),
  };
}

/** Writes a manifest but no pointer: a crash between the commit and the pointer. */
async function commitWithoutPointer(store: ObjectStore, m: Manifest): Promise<void> {
  await store.putBytes(manifestKey('p', SOURCE, m.run_id), serializeManifest(m), 'application/json');
}

describe.each(STORES)('committedState on %s', (_name, factory) => {
  it('reports seq 0 and no manifest when nothing was committed', async () => {
    const { store } = await factory.create();
    expect(await readCommittedState(store, 'p', SOURCE)).toEqual({ seq: 0 });
    expect(await listCommittedFiles(store, 'p', SOURCE)).toEqual([]);
  });

  it('finds the succeeded manifest with the highest seq among several runs', async () => {
    const { store } = await factory.create();
    for (const [id, seq] of [['20261129T010000Z-00000001', 1], ['20261129T020000Z-00000002', 2], ['20261129T030000Z-00000003', 3]] as const) {
      expect(await commitManifest(store, 'p', manifest(id, seq))).toBe(`p/${SOURCE}/_manifests/${id}.json`);
    }
    const state = await readCommittedState(store, 'p', SOURCE);
    expect(state.seq).toBe(3);
    expect(state.manifest?.run_id).toBe('20261129T030000Z-00000003');
    expect(state.manifest?.resources.users.state?.incremental?.last_value).toBe(30);
    expect(await readPointer(store, 'p', SOURCE)).toEqual({ seq: 3, run_id: '20261129T030000Z-00000003', manifest_key: `p/${SOURCE}/_manifests/20261129T030000Z-00000003.json` });
  });

  it('ignores a failed run after a succeeded one, and a failed run never moves the pointer', async () => {
    const { store } = await factory.create();
    await commitManifest(store, 'p', manifest('20261129T010000Z-00000001', 1));
    await commitManifest(store, 'p', manifest('20261129T020000Z-00000002', 2, 'failed'));
    const state = await readCommittedState(store, 'p', SOURCE);
    expect(state.seq).toBe(1);
    expect(state.manifest?.run_id).toBe('20261129T010000Z-00000001');
    expect((await readPointer(store, 'p', SOURCE))?.run_id).toBe('20261129T010000Z-00000001');
    expect((await listCommittedFiles(store, 'p', SOURCE)).map((f) => f.run_id)).toEqual(['20261129T010000Z-00000001', '20261129T010000Z-00000001']);
  });

  it('finds the newer manifest after a crash between manifest and pointer', async () => {
    const { store } = await factory.create();
    await commitManifest(store, 'p', manifest('20261129T010000Z-00000001', 1));
    await commitWithoutPointer(store, manifest('20261129T020000Z-00000002', 2));
    expect((await readPointer(store, 'p', SOURCE))?.seq).toBe(1);
    const state = await readCommittedState(store, 'p', SOURCE);
    expect(state.seq).toBe(2);
    expect(state.manifestKey).toBe(`p/${SOURCE}/_manifests/20261129T020000Z-00000002.json`);
  });

  it('uses the pointer to read only the commits from its seq and the manifests from its run\'s second onward', async () => {
    const { store } = await factory.create();
    for (let seq = 1; seq <= 4; seq++) await commitManifest(store, 'p', manifest(`20261129T0${seq}0000Z-0000000${seq}`, seq));
    const lists: Array<string | undefined> = [];
    const gets: string[] = [];
    const spy: ObjectStore = {
      location: store.location,
      putStream: (k, b, c) => store.putStream(k, b, c),
      putBytes: (k, b, c) => store.putBytes(k, b, c),
      putIfAbsent: (k, b, c) => store.putIfAbsent(k, b, c),
      delete: (k) => store.delete(k),
      list: (prefix, startAfter) => (lists.push(startAfter), store.list(prefix, startAfter)),
      get: (k) => (gets.push(k), store.get(k)),
    };
    expect((await readCommittedState(spy, 'p', SOURCE)).seq).toBe(4);
    // Commits from the pointer's seq on, manifests from the pointer run's second on; nothing older is read.
    expect(lists.sort()).toEqual([commitKey('p', SOURCE, 3), `p/${SOURCE}/_manifests/20261129T040000Z`]);
    expect(gets.sort()).toEqual([commitKey('p', SOURCE, 4), manifestKey('p', SOURCE, '20261129T040000Z-00000004'), statePointerKey('p', SOURCE)]);
  });

  it('finds the latest run when no pointer was ever written', async () => {
    const { store } = await factory.create();
    await commitWithoutPointer(store, manifest('20261129T010000Z-00000001', 1));
    await commitWithoutPointer(store, manifest('20261129T020000Z-00000002', 2));
    await commitWithoutPointer(store, manifest('20261129T030000Z-00000003', 3, 'failed'));
    expect((await readCommittedState(store, 'p', SOURCE)).seq).toBe(2);
  });

  it('lets seq decide between two runs of the same second, whatever their ids', async () => {
    const { store } = await factory.create();
    // The later run has the smaller random suffix: sorting ids would pick the wrong one.
    await commitManifest(store, 'p', manifest('20261129T020000Z-ffffffff', 1));
    await commitWithoutPointer(store, manifest('20261129T020000Z-00000000', 2));
    expect((await readCommittedState(store, 'p', SOURCE)).manifest?.run_id).toBe('20261129T020000Z-00000000');
    await commitManifest(store, 'p', manifest('20261129T020000Z-00000000', 2));
    expect((await readCommittedState(store, 'p', SOURCE)).seq).toBe(2);
    expect((await listCommittedFiles(store, 'p', SOURCE)).map((f) => f.run_id)).toEqual([
      '20261129T020000Z-ffffffff',
      '20261129T020000Z-ffffffff',
      '20261129T020000Z-00000000',
      '20261129T020000Z-00000000',
    ]);
  });

  it('falls back to every manifest when the pointer names a manifest that is gone', async () => {
    const { store } = await factory.create();
    await commitManifest(store, 'p', manifest('20261129T010000Z-00000001', 1));
    await store.putBytes(statePointerKey('p', SOURCE), JSON.stringify({ seq: 9, run_id: '20261129T090000Z-00000009', manifest_key: manifestKey('p', SOURCE, '20261129T090000Z-00000009') }), 'application/json');
    expect((await readCommittedState(store, 'p', SOURCE)).seq).toBe(1);
    await store.putBytes(statePointerKey('p', SOURCE), 'not json', 'application/json');
    expect((await readCommittedState(store, 'p', SOURCE)).seq).toBe(1);
  });

  it('lists the committed view: files of succeeded manifests only, with resource and run id', async () => {
    const { store } = await factory.create();
    await commitManifest(store, 'p', manifest('20261129T010000Z-00000001', 1));
    await commitManifest(store, 'p', manifest('20261129T020000Z-00000002', 0, 'failed'));
    await commitManifest(store, 'p', manifest('20261129T030000Z-00000003', 2));
    const files = await listCommittedFiles(store, 'p', SOURCE);
    expect(files.map((f) => [f.resource, f.run_id, f.key.split('/').pop()])).toEqual([
      ['users', '20261129T010000Z-00000001', 'part-00000.jsonl.gz'],
      ['users', '20261129T010000Z-00000001', 'part-00001.jsonl.gz'],
      ['users', '20261129T030000Z-00000003', 'part-00000.jsonl.gz'],
      ['users', '20261129T030000Z-00000003', 'part-00001.jsonl.gz'],
    ]);
    expect(files[0]).toMatchObject({ records: 2, bytes: 40, sha256: 'a'.repeat(64) });
  });

  it('rejects a malformed manifest with its key and field path', async () => {
    const { store } = await factory.create();
    const broken = { ...manifest('20261129T010000Z-00000001', 1), seq: 'one' };
    await store.putBytes(manifestKey('p', SOURCE, '20261129T010000Z-00000001'), JSON.stringify(broken), 'application/json');
    const error = await readCommittedState(store, 'p', SOURCE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).message).toMatch(/^manifest p\/acme\/_manifests\/20261129T010000Z-00000001\.json is not usable: seq: /);
  });

  it('reads a part file back record by record', async () => {
    const { store } = await factory.create();
    const input = [{ id: 1, s: 'a\nb' }, { id: 2 }, null, 'x'];
    const body = gzipSync(input.map((r) => `${JSON.stringify(r)}\n`).join(''));
    await store.putBytes('p/acme/users/part-00000.jsonl.gz', body, 'application/gzip');
    const out: unknown[] = [];
    for await (const record of readJsonLines(store, 'p/acme/users/part-00000.jsonl.gz')) out.push(record);
    expect(out).toEqual(input);
    await expect(readJsonLines(store, 'p/acme/users/missing.jsonl.gz').next()).rejects.toThrow(/does not exist/);
  });
});
