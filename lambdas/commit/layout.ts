/**
 * Every key sluice writes, in one place. The layout is the same in a bucket and
 * in a local `--out` directory; keys are relative to either.
 *
 * ```
 * <prefix>/<source>/<resource>/dt=<YYYY-MM-DD>/<run_id>/part-00000.jsonl.gz
 * <prefix>/<source>/_manifests/<run_id>.json      the commit marker (state inside)
 * <prefix>/<source>/_checkpoints/<run_id>.json    a run handed to the next invocation
 * <prefix>/<source>/_state/latest.json            a hint to the latest committed manifest
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

/** `<root>_checkpoints/<run_id>.json` */
export function checkpointKey(prefix: string, source: string, runId: string): string {
  return `${sourceRoot(prefix, source)}_checkpoints/${runId}.json`;
}

/** `<root>_state/latest.json`: only a hint; the manifests are the truth. */
export function statePointerKey(prefix: string, source: string): string {
  return `${sourceRoot(prefix, source)}_state/latest.json`;
}

/** `<root>_work/<run_id>/`: scratch (e.g. an unselected parent's records for its children); deleted after commit. */
export function workPrefix(prefix: string, source: string, runId: string): string {
  return `${sourceRoot(prefix, source)}_work/${runId}/`;
}
