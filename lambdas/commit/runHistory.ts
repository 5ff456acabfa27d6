/**
 * The history of a source: every manifest it wrote, succeeded and failed, as
 * one entry per run, newest first. What `sluice runs` prints; read-only.
 */
import type { ObjectStore } from '../sink/ObjectStore';
import { listCommitKeys, listManifestKeys, readCommits, readManifests } from './committedState';
import { commitsPrefix, manifestsPrefix } from './layout';
import type { Manifest } from './manifest';

/** One run of a source, as its manifest tells it. */
export interface RunRecord {
  run_id: string;
  /** The committed `seq`; null for a failed run, which committed nothing. */
  seq: number | null;
  status: Manifest['status'];
  trigger: Manifest['trigger'];
  started_at: string;
  finished_at: string;
  /** `finished_at - started_at`, across every invocation of a continued run. */
  duration_ms: number;
  /** Records written per resource in this run (a resource carried over with its state only is left out). */
  records: Record<string, number>;
  /** The failed run's error, secrets already redacted when it was written. */
  error?: string;
  /** A backfill's window. */
  window?: Manifest['window'];
  manifest_key: string;
}

/** The run record of one manifest. */
export function runRecordOf(manifest: Manifest, key: string): RunRecord {
  const records: Record<string, number> = {};
  for (const [name, r] of Object.entries(manifest.resources)) {
    // A resource outside the run is carried with `files: []` and zero counts: it was not part of this run.
    if (r.files.length > 0 || r.pages > 0 || r.records > 0) records[name] = r.records;
  }
  return {
    run_id: manifest.run_id,
    seq: manifest.status === 'succeeded' ? manifest.seq : null,
    status: manifest.status,
    trigger: manifest.trigger,
    started_at: manifest.started_at,
    finished_at: manifest.finished_at,
    duration_ms: Date.parse(manifest.finished_at) - Date.parse(manifest.started_at),
    records,
    ...(manifest.error !== undefined ? { error: manifest.error } : {}),
    ...(manifest.window ? { window: manifest.window } : {}),
    manifest_key: key,
  };
}

/**
 * Every run of a source, newest first: by start time, then (runs that started
 * in the same millisecond) by `seq` and run id.
 */
export async function listRuns(store: ObjectStore, prefix: string, source: string): Promise<RunRecord[]> {
  const commits = commitsPrefix(prefix, source);
  const [manifests, committed] = await Promise.all([
    readManifests(store, await listManifestKeys(store, manifestsPrefix(prefix, source))),
    readCommits(store, commits, await listCommitKeys(store, commits)),
  ]);
  // A commit whose copy in _manifests/ is not written yet (a crash right after the commit) is a run all the same.
  const known = new Set(manifests.map((e) => e.manifest.run_id));
  const entries = [...manifests, ...committed.filter((c) => !known.has(c.manifest.run_id))];
  return entries
    .map(({ key, manifest }) => runRecordOf(manifest, key))
    .sort((a, b) => (a.started_at !== b.started_at ? (a.started_at < b.started_at ? 1 : -1) : (b.seq ?? 0) - (a.seq ?? 0) || (a.run_id < b.run_id ? 1 : -1)));
}
