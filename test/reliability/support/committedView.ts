/**
 * Readers of what a run left behind, for the reliability tests: the committed
 * view (every file of every succeeded manifest, each checked against its
 * manifest entry: the object exists, its bytes and sha256 match, its line count
 * is `records`), the committed state, and the failed manifests.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { listCommittedFiles, readCommittedState } from '../../../lambdas/commit/committedState';
import { readJsonLines } from '../../../lambdas/commit/readJsonLines';
import type { CommittedFile } from '../../../lambdas/commit/committedState';
import { manifestsPrefix } from '../../../lambdas/commit/layout';
import type { Manifest } from '../../../lambdas/commit/manifest';
import { parseManifest } from '../../../lambdas/commit/manifest';
import type { ObjectStore } from '../../../lambdas/sink/ObjectStore';

/** The records of the committed view, per resource, in commit order. */
export type CommittedView = Record<string, Array<Record<string, unknown>>>;

/** The records of one committed file, read back after checking it against its manifest entry. */
export interface VerifiedFile {
  file: CommittedFile;
  records: Array<Record<string, unknown>>;
}

/**
 * Reads every file of the committed view (succeeded manifests, in `seq` order),
 * verifying each first.
 * @throws when a listed file is missing, truncated, or disagrees with its manifest entry
 */
export async function verifiedCommittedFiles(store: ObjectStore, source: string, prefix = ''): Promise<VerifiedFile[]> {
  const out: VerifiedFile[] = [];
  for (const file of await listCommittedFiles(store, prefix, source)) {
    const bytes = await store.get(file.key);
    if (!bytes) throw new Error(`a succeeded manifest lists ${file.key}, which does not exist`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== file.bytes || sha256 !== file.sha256) {
      throw new Error(`${file.key}: stored ${bytes.length} bytes sha256 ${sha256}, the manifest says ${file.bytes} bytes sha256 ${file.sha256}`);
    }
    const lines = gunzipSync(bytes).toString('utf8').split('\n').filter((l) => l !== '').length;
    if (lines !== file.records) throw new Error(`${file.key}: ${lines} lines, the manifest says ${file.records} records`);
    const records: Array<Record<string, unknown>> = [];
    for await (const record of readJsonLines(store, file.key)) records.push(record as Record<string, unknown>);
    out.push({ file, records });
  }
  return out;
}

/** The committed view, per resource, every file verified (see {@link verifiedCommittedFiles}). */
export async function verifiedCommittedView(store: ObjectStore, source: string, prefix = ''): Promise<CommittedView> {
  const view: CommittedView = {};
  for (const { file, records } of await verifiedCommittedFiles(store, source, prefix)) (view[file.resource] ??= []).push(...records);
  return view;
}

/** The ids of `records`, sorted, for comparing with the API's. */
export function sortedIds(records: ReadonlyArray<Record<string, unknown>> | undefined): number[] {
  return (records ?? []).map((r) => r.id as number).sort((a, b) => a - b);
}

/** 1..n. */
export function range(n: number, from = 1): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}

/** What must not move when a run fails: the latest committed `seq` and each resource's cursor. */
export interface CommittedStateSnapshot {
  seq: number;
  last_values: Record<string, unknown>;
}

/** The committed state, as the next run would read it. */
export async function committedStateOf(store: ObjectStore, source: string, prefix = ''): Promise<CommittedStateSnapshot> {
  const state = await readCommittedState(store, prefix, source);
  const last_values: Record<string, unknown> = {};
  for (const [name, r] of Object.entries(state.manifest?.resources ?? {})) last_values[name] = r.state?.incremental?.last_value;
  return { seq: state.seq, last_values };
}

/** Every manifest of a source, succeeded and failed. */
export async function allManifests(store: ObjectStore, source: string, prefix = ''): Promise<Manifest[]> {
  const dir = manifestsPrefix(prefix, source);
  const out: Manifest[] = [];
  for (const key of await store.list(dir)) {
    if (!key.endsWith('.json') || key.slice(dir.length).includes('/')) continue;
    const bytes = await store.get(key);
    if (bytes) out.push(parseManifest(bytes, key));
  }
  return out;
}

/** The failed manifest of one run. @throws when there is none */
export async function failedManifest(store: ObjectStore, source: string, runId: string, prefix = ''): Promise<Manifest> {
  const manifest = (await allManifests(store, source, prefix)).find((m) => m.run_id === runId);
  if (manifest?.status !== 'failed') throw new Error(`run ${runId} has no failed manifest (found: ${manifest?.status ?? 'none'})`);
  return manifest;
}
