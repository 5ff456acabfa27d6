/**
 * Every key sluice writes, in one place. The layout is the same in a bucket and
 * in a local `--out` directory; keys are relative to either.
 *
 * ```
 * <prefix>/<source>/<resource>/dt=<YYYY-MM-DD>/<run_id>/part-00000.jsonl.gz
 * <prefix>/<source>/_commits/<seq>.json           the commit of a seq (10 digits): its succeeded manifest, created only if absent
 * <prefix>/<source>/_manifests/<run_id>.json      every run's manifest, succeeded (a copy of its commit) or failed
 * <prefix>/<source>/_checkpoints/<run_id>.json    a run handed to the next invocation
 * <prefix>/<source>/_state/latest.json            a hint to the latest committed manifest
 * <prefix>/<source>/_state/lease.json             the run lease of a bucket: who is running, until when
 * <prefix>/<source>/_work/<run_id>/               scratch, deleted after commit
 * ```
 */

/** `'<prefix>/<source>/'`, or `'<source>/'` when `prefix` is empty. Slashes around `prefix` are ignored. */
export function sourceRoot(prefix: string, source: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed ? `${trimmed}/${source}/` : `${source}/`;
}

/** `<root><resource>/dt=<YYYY-MM-DD>/<run_id>/`: `dt` is the run's start date in UTC. */
export function dataPrefix(prefix: string, source: string, resource: string, startedAt: Date, runId: string): string {
  return `${sourceRoot(prefix, source)}${resource}/dt=${startedAt.toISOString().slice(0, 10)}/${runId}/`;
}

import { RUN_ID_PATTERN } from './runId';

// Part files are named by the writer that rolls them over; listed here with the rest of the layout.
export { partKey } from '../sink/partKey';

/** `<root>_manifests/`: every manifest of the source, succeeded or failed. */
export function manifestsPrefix(prefix: string, source: string): string {
  return `${sourceRoot(prefix, source)}_manifests/`;
}

/** `<root>_manifests/<run_id>.json` */
export function manifestKey(prefix: string, source: string, runId: string): string {
  return `${manifestsPrefix(prefix, source)}${runId}.json`;
}

/** `<root>_commits/`: one object per committed seq. */
export function commitsPrefix(prefix: string, source: string): string {
  return `${sourceRoot(prefix, source)}_commits/`;
}

/** Digits of the seq in a commit key: keys sort as the seqs do. */
const SEQ_DIGITS = 10;
const COMMIT_NAME = /^\d{10}\.json$/;

/** `<root>_commits/<seq, 10 digits>.json`: the object only one run can create for `seq`. */
export function commitKey(prefix: string, source: string, seq: number): string {
  return `${commitsPrefix(prefix, source)}${String(seq).padStart(SEQ_DIGITS, '0')}.json`;
}

/** The seq of a commit key (a direct child of `dir`), or undefined for any other key. */
export function seqOfCommitKey(dir: string, key: string): number | undefined {
  const name = key.startsWith(dir) ? key.slice(dir.length) : '';
  return COMMIT_NAME.test(name) ? Number(name.slice(0, SEQ_DIGITS)) : undefined;
}

/** `<root>_checkpoints/<run_id>.json` */
export function checkpointKey(prefix: string, source: string, runId: string): string {
  return `${sourceRoot(prefix, source)}_checkpoints/${runId}.json`;
}

/** The run id of a checkpoint key, or undefined when `key` is not one. */
export function runIdOfCheckpointKey(key: string): string | undefined {
  const name = /(?:^|\/)_checkpoints\/([^/]+)\.json$/.exec(key)?.[1];
  return name !== undefined && RUN_ID_PATTERN.test(name) ? name : undefined;
}

/** `<root>_state/lease.json`: the run lease of a bucket. */
export function leaseKey(prefix: string, source: string): string {
  return `${sourceRoot(prefix, source)}_state/lease.json`;
}

/** `<root>_state/latest.json`: only a hint; the commits are the truth. */
export function statePointerKey(prefix: string, source: string): string {
  return `${sourceRoot(prefix, source)}_state/latest.json`;
}

/** `<root>_work/<run_id>/`: scratch (e.g. an unselected parent's records for its children); deleted after commit. */
export function workPrefix(prefix: string, source: string, runId: string): string {
  return `${sourceRoot(prefix, source)}_work/${runId}/`;
}
