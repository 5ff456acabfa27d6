/**
 * The committed view of a source. A run commits by creating
 * `_commits/<seq>.json`, its succeeded manifest, with a conditional create
 * that only one run can win for each `seq`; then it copies the manifest to
 * `_manifests/<run_id>.json` (where every run's manifest is, for `sluice runs`
 * and Athena) and moves the state pointer. The latest committed run is the
 * succeeded manifest with the highest `seq` (never the highest run id: two runs
 * can start in the same second), among the commits and, for runs committed
 * before commits existed, the succeeded manifests. The pointer
 * `_state/latest.json` only narrows the listings; a crash after the commit
 * leaves it one run behind, and the listings from the pointer onward still find
 * the newer commit.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { ConcurrentRunError } from '../errors/ConcurrentRunError';
import { ManifestError } from '../errors/ManifestError';
import type { Logger } from '../observability/Logger';
import { silentLogger } from '../observability/Logger';
import type { ObjectStore } from '../sink/ObjectStore';
import type { FileEntry } from '../sink/ResourceWriter';
import { commitKey, commitsPrefix, manifestKey, manifestsPrefix, seqOfCommitKey, statePointerKey } from './layout';
import type { Manifest } from './manifest';
import { parseManifest, parseStoredObject, serializeManifest } from './manifest';
import { runIdSecond } from './runId';

/** The latest commit of a source. */
export interface CommittedState {
  /** The latest committed `seq`; 0 when nothing was committed. */
  seq: number;
  /** The latest succeeded manifest (highest `seq`). */
  manifest?: Manifest;
  /** Its key in `_manifests/` (absent there only after a crash right after the commit: see {@link copyCommittedManifest}). */
  manifestKey?: string;
  /** Its commit, `_commits/<seq>.json` (absent for a run committed before commits existed). */
  commitKey?: string;
  /** True when the commit has no succeeded copy in `_manifests/` yet (none, or a failed manifest of its own run). */
  uncopied?: boolean;
}

/** `_state/latest.json`: where the latest commit was when it was written. A hint only. */
export interface StatePointer {
  seq: number;
  run_id: string;
  manifest_key: string;
}

/** A file of the committed view, with the resource and run it belongs to. */
export type CommittedFile = FileEntry & { resource: string; run_id: string };

const pointerSchema = z.looseObject({ seq: z.int().check(z.nonnegative()), run_id: z.string(), manifest_key: z.string() });

/** Manifests read at once while scanning. */
const READ_CONCURRENCY = 8;

/**
 * Finds the latest committed run of a source: the highest seq among the
 * commits from the pointer's seq on, and among the manifests from the
 * pointer's run onward. Failed manifests never count. Without a usable pointer
 * every commit and every manifest is read.
 */
export async function readCommittedState(store: ObjectStore, prefix: string, source: string): Promise<CommittedState> {
  const pointer = await readPointer(store, prefix, source);
  const [commit, manifests] = await Promise.all([latestCommit(store, prefix, source, pointer), latestManifest(store, prefix, source, pointer)]);
  const best = manifests.best;
  if (commit && (!best || commit.manifest.seq >= best.manifest.seq)) {
    const { manifest } = commit;
    return {
      seq: manifest.seq,
      manifest,
      manifestKey: manifestKey(prefix, source, manifest.run_id),
      commitKey: commit.key,
      ...(manifests.runIds.has(manifest.run_id) ? {} : { uncopied: true }),
    };
  }
  return best ? { seq: best.manifest.seq, manifest: best.manifest, manifestKey: best.key } : { seq: 0 };
}

/** The commit with the highest seq: listed from the pointer's seq on, or from the start when the pointer is missing or ahead of every commit. */
async function latestCommit(store: ObjectStore, prefix: string, source: string, pointer: StatePointer | undefined): Promise<{ key: string; manifest: Manifest } | undefined> {
  const dir = commitsPrefix(prefix, source);
  const from = pointer && pointer.seq > 1 ? commitKey(prefix, source, pointer.seq - 1) : undefined;
  let keys = await listCommitKeys(store, dir, from);
  if (keys.length === 0 && from !== undefined) keys = await listCommitKeys(store, dir);
  const key = keys.at(-1);
  if (key === undefined) return undefined;
  const bytes = await store.get(key);
  // Commits are never deleted by sluice; one deleted by hand is simply not there.
  return bytes ? { key, manifest: parseCommit(bytes, key, dir) } : undefined;
}

/**
 * The succeeded manifest with the highest seq, from the pointer's run second
 * onward, and the run ids of the succeeded manifests read: a commit whose run
 * has none is uncopied. A failed one does not count as its copy: a run whose
 * commit landed unanswered and unreadable fails and writes a failed manifest
 * there, which the next run must replace with the commit.
 */
async function latestManifest(
  store: ObjectStore,
  prefix: string,
  source: string,
  pointer: StatePointer | undefined,
): Promise<{ best?: { key: string; manifest: Manifest }; runIds: Set<string> }> {
  const dir = manifestsPrefix(prefix, source);
  const second = pointer && pointer.manifest_key === manifestKey(prefix, source, pointer.run_id) ? runIdSecond(pointer.run_id) : undefined;
  if (pointer && second) {
    // A run committed after the pointer's run started no earlier than that run's second.
    const entries = await readManifests(store, await listManifestKeys(store, dir, `${dir}${second}`));
    const best = latestSucceeded(entries);
    if (best && best.manifest.seq >= pointer.seq) return { best, runIds: succeededRunIds(entries) };
    // The pointer names a manifest that is gone or not succeeded: trust only a full scan.
  }
  const entries = await readManifests(store, await listManifestKeys(store, dir));
  return { best: latestSucceeded(entries), runIds: succeededRunIds(entries) };
}

function succeededRunIds(entries: ReadonlyArray<{ manifest: Manifest }>): Set<string> {
  return new Set(entries.filter((e) => e.manifest.status === 'succeeded').map((e) => e.manifest.run_id));
}

/** Options of {@link commitManifest}. */
export interface CommitOptions {
  /** Told about a failure after the commit landed (copy or pointer), which does not undo it. @default silentLogger */
  readonly logger?: Logger;
}

/**
 * What {@link commitManifest} returns when the seq's commit holds this run
 * but another attempt at it: another delivery of the same continuation
 * committed the run. This attempt committed nothing and wrote nothing.
 */
export const COMMITTED_BY_ANOTHER_DELIVERY = Symbol('committed by another delivery');

/**
 * Commits a run. A succeeded manifest is committed by creating its seq's
 * commit object, which succeeds for one run only; then it is copied to
 * `_manifests/` and the state pointer moves. Once the commit landed, a failure
 * of the copy or the pointer is logged, not raised: the run is committed, the
 * pointer is a hint, and the next run writes a missing copy. A failed manifest
 * is only written to `_manifests/`.
 *
 * The commit carries a fresh `attempt`: a create refused (412) or unanswered is
 * this attempt's own only if the stored commit holds the same `attempt`, since
 * two deliveries of one continuation share the run id.
 * @returns the manifest key, or {@link COMMITTED_BY_ANOTHER_DELIVERY}
 * @throws ConcurrentRunError naming the run that committed this seq first
 */
export async function commitManifest(store: ObjectStore, prefix: string, manifest: Manifest, options: CommitOptions = {}): Promise<string | typeof COMMITTED_BY_ANOTHER_DELIVERY> {
  const key = manifestKey(prefix, manifest.source, manifest.run_id);
  if (manifest.status !== 'succeeded') {
    await store.putBytes(key, serializeManifest(manifest), 'application/json');
    return key;
  }
  const attempt = randomBytes(8).toString('hex');
  const body = serializeManifest({ ...manifest, attempt });
  const commit = commitKey(prefix, manifest.source, manifest.seq);
  const winner = async (): Promise<Pick<Manifest, 'run_id' | 'attempt'> | undefined> => {
    const existing = await store.get(commit);
    return existing ? parseCommit(existing, commit, commitsPrefix(prefix, manifest.source)) : undefined;
  };
  let created: boolean;
  try {
    created = (await store.putIfAbsent(commit, body, 'application/json')) !== undefined;
  } catch (error) {
    // The answer was lost, but the create may have landed: then the run is committed all the same.
    const found = await winner().catch(() => undefined);
    if (found?.run_id !== manifest.run_id) throw error;
    if (found.attempt !== attempt) return anotherDelivery(options, commit);
    created = true;
  }
  if (!created) {
    // A retried create whose first attempt landed (the answer was lost) finds its own commit.
    const won = await winner();
    if (won?.run_id !== manifest.run_id) throw new ConcurrentRunError(manifest.source, store.location, { kind: 'commit', winner: won?.run_id ?? 'unknown', seq: manifest.seq });
    // The same run, committed by another delivery: its copy and pointer are that delivery's to write.
    if (won.attempt !== attempt) return anotherDelivery(options, commit);
  }
  const logger = options.logger ?? silentLogger;
  try {
    await store.putBytes(key, body, 'application/json');
  } catch (error) {
    logger.warn('the run is committed, but its manifest could not be copied to _manifests/ (the next run copies it)', { commit_key: commit, error });
  }
  try {
    const pointer: StatePointer = { seq: manifest.seq, run_id: manifest.run_id, manifest_key: key };
    await store.putBytes(statePointerKey(prefix, manifest.source), `${JSON.stringify(pointer)}\n`, 'application/json');
  } catch (error) {
    logger.warn('the run is committed, but the state pointer could not be written (it is only a hint)', { error });
  }
  return key;
}

function anotherDelivery(options: CommitOptions, commit: string): typeof COMMITTED_BY_ANOTHER_DELIVERY {
  (options.logger ?? silentLogger).warn('another delivery of this continuation committed the run first; this delivery committed nothing', { commit_key: commit });
  return COMMITTED_BY_ANOTHER_DELIVERY;
}

/** Writes the `_manifests/` copy of a commit that has none (a crash right after the commit). */
export async function copyCommittedManifest(store: ObjectStore, state: CommittedState): Promise<void> {
  if (state.uncopied && state.manifest && state.manifestKey) await store.putBytes(state.manifestKey, serializeManifest(state.manifest), 'application/json');
}

/**
 * The committed view of a source: the files of every commit (and of every
 * succeeded manifest from before commits existed), in `seq` order. Files of
 * failed or unfinished runs, and of a run that lost its commit, are never listed.
 */
export async function listCommittedFiles(store: ObjectStore, prefix: string, source: string): Promise<CommittedFile[]> {
  return (await readCommittedManifests(store, prefix, source)).flatMap(({ manifest }) =>
    Object.entries(manifest.resources).flatMap(([resource, r]) => r.files.map((f) => ({ ...f, resource, run_id: manifest.run_id }))),
  );
}

/** Every committed manifest of a source, in `seq` order: the commits, and the succeeded manifests of runs that have none. */
export async function readCommittedManifests(store: ObjectStore, prefix: string, source: string): Promise<Array<{ key: string; manifest: Manifest }>> {
  const dir = commitsPrefix(prefix, source);
  const [commits, manifests] = await Promise.all([
    readCommits(store, dir, await listCommitKeys(store, dir)),
    readManifests(store, await listManifestKeys(store, manifestsPrefix(prefix, source))),
  ]);
  const committed = new Set(commits.map((c) => c.manifest.run_id));
  return [...commits, ...manifests.filter(({ manifest }) => manifest.status === 'succeeded' && !committed.has(manifest.run_id))]
    .sort((a, b) => a.manifest.seq - b.manifest.seq || (a.key < b.key ? -1 : 1));
}

/** The keys of the commits under `dir` (after `startAfter`), in seq order. */
export async function listCommitKeys(store: ObjectStore, dir: string, startAfter?: string): Promise<string[]> {
  const keys = await store.list(dir, startAfter);
  // Filtered again: a store may ignore startAfter.
  return keys.filter((k) => seqOfCommitKey(dir, k) !== undefined && (startAfter === undefined || k > startAfter));
}

/** Reads and parses commits, a few at once. */
export async function readCommits(store: ObjectStore, dir: string, keys: readonly string[]): Promise<Array<{ key: string; manifest: Manifest }>> {
  return readAll(store, keys, (bytes, key) => parseCommit(bytes, key, dir));
}

/** A commit: a succeeded manifest whose seq is the one in its key. */
function parseCommit(bytes: Buffer, key: string, dir: string): Manifest {
  const manifest = parseManifest(bytes, key);
  if (manifest.status !== 'succeeded' || manifest.seq !== seqOfCommitKey(dir, key)) {
    throw new ManifestError('commit', key, [`a commit holds the succeeded manifest of the seq in its key, not a ${manifest.status} manifest of seq ${manifest.seq}`]);
  }
  return manifest;
}

/** The state pointer, or undefined when absent or unreadable (it is only a hint). */
export async function readPointer(store: ObjectStore, prefix: string, source: string): Promise<StatePointer | undefined> {
  const key = statePointerKey(prefix, source);
  const bytes = await store.get(key);
  if (!bytes) return undefined;
  try {
    return parseStoredObject(bytes, key, 'state pointer', pointerSchema);
  } catch {
    return undefined;
  }
}

/** The keys of the direct `<run_id>.json` children of `dir` (after `startAfter`). */
export async function listManifestKeys(store: ObjectStore, dir: string, startAfter?: string): Promise<string[]> {
  const keys = await store.list(dir, startAfter);
  // Filtered again: a store may ignore startAfter; only direct `<run_id>.json` children are manifests.
  return keys.filter((k) => k.endsWith('.json') && !k.slice(dir.length).includes('/') && (startAfter === undefined || k > startAfter));
}

/** Reads and parses manifests, a few at once; one deleted between list and get is skipped. */
export async function readManifests(store: ObjectStore, keys: readonly string[]): Promise<Array<{ key: string; manifest: Manifest }>> {
  return readAll(store, keys, parseManifest);
}

async function readAll(store: ObjectStore, keys: readonly string[], parse: (bytes: Buffer, key: string) => Manifest): Promise<Array<{ key: string; manifest: Manifest }>> {
  const out: Array<{ key: string; manifest: Manifest }> = [];
  for (let i = 0; i < keys.length; i += READ_CONCURRENCY) {
    const batch = await Promise.all(
      keys.slice(i, i + READ_CONCURRENCY).map(async (key) => {
        const bytes = await store.get(key);
        // Deleted between list and get: it is not part of the view any more.
        return bytes ? { key, manifest: parse(bytes, key) } : undefined;
      }),
    );
    for (const entry of batch) if (entry) out.push(entry);
  }
  return out;
}

function latestSucceeded(entries: ReadonlyArray<{ key: string; manifest: Manifest }>): { key: string; manifest: Manifest } | undefined {
  let best: { key: string; manifest: Manifest } | undefined;
  for (const entry of entries) {
    if (entry.manifest.status !== 'succeeded') continue;
    if (!best || entry.manifest.seq > best.manifest.seq) best = entry;
  }
  return best;
}
