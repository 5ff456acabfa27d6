import { checkpointKey, dataPrefix, manifestKey, partKey, sourceRoot, statePointerKey, workPrefix } from '../../../lambdas/commit/layout';
import { newRunId, RUN_ID_PATTERN, runIdSecond } from '../../../lambdas/commit/runId';

describe('layout', () => {
  const started = new Date('2026-11-29T23:59:59.999Z');
  const runId = '20261129T235959Z-0a1b2c3d';

  it('puts every key under <prefix>/<source>/, or <source>/ without a prefix', () => {
    expect(sourceRoot('', 'acme')).toBe('acme/');
    expect(sourceRoot('raw', 'acme')).toBe('raw/acme/');
    expect(sourceRoot('/raw/api/', 'acme')).toBe('raw/api/acme/');
  });

  it('names data, manifest, checkpoint, pointer and scratch keys as the layout says', () => {
    expect(dataPrefix('raw', 'acme', 'users', started, runId)).toBe('raw/acme/users/dt=2026-11-29/20261129T235959Z-0a1b2c3d/');
    expect(partKey(dataPrefix('', 'acme', 'users', started, runId), 42)).toBe('acme/users/dt=2026-11-29/20261129T235959Z-0a1b2c3d/part-00042.jsonl.gz');
    expect(manifestKey('raw', 'acme', runId)).toBe('raw/acme/_manifests/20261129T235959Z-0a1b2c3d.json');
    expect(checkpointKey('raw', 'acme', runId)).toBe('raw/acme/_checkpoints/20261129T235959Z-0a1b2c3d.json');
    expect(statePointerKey('raw', 'acme')).toBe('raw/acme/_state/latest.json');
    expect(workPrefix('', 'acme', runId)).toBe('acme/_work/20261129T235959Z-0a1b2c3d/');
  });

  it('dates data by the run start in UTC', () => {
    // 01:30 in UTC+2 is still the previous day in UTC.
    expect(dataPrefix('', 's', 'r', new Date('2026-03-01T01:30:00+02:00'), runId)).toBe(`s/r/dt=2026-02-28/${runId}/`);
  });
});

describe('newRunId', () => {
  it('returns YYYYMMDDTHHMMSSZ-<8 hex> of the start time in UTC', () => {
    const id = newRunId(new Date('2026-11-29T02:00:07.123Z'));
    expect(id).toMatch(/^20261129T020007Z-[0-9a-f]{8}$/);
    expect(id).toMatch(RUN_ID_PATTERN);
    expect(runIdSecond(id)).toBe('20261129T020007Z');
    expect(runIdSecond('not-a-run-id')).toBeUndefined();
  });

  it('gives runs of the same second different ids', () => {
    const now = new Date('2026-11-29T02:00:07.000Z');
    expect(new Set(Array.from({ length: 50 }, () => newRunId(now))).size).toBe(50);
  });
});
