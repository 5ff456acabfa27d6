/**
 * The committed view of a source. The manifests are the truth: the latest
 * committed run is the `succeeded` manifest with the highest `seq` (never the
 * highest run id: two runs can start in the same second). The state pointer
 * `_state/latest.json` only narrows the listing; a crash between manifest and
 * pointer leaves it one run behind, and the listing from the pointer's second
 * onward still finds the newer manifest.
 */
import * as z from 'zod/mini';
import type { ObjectStore } from '../sink/ObjectStore';
import type { FileEntry } from '../sink/ResourceWriter';
import { manifestKey, manifestsPrefix, statePointerKey } from './layout';
import type { Manifest } from './manifest';
import { parseManifest, parseStoredObject, serializeManifest } from './manifest';
import { runIdSecond } from './runId';

/** The latest commit of a source. */
export interface CommittedState {
  /** The latest committed `seq`; 0 when nothing was committed. */
  seq: number;
  /** The latest succeeded manifest (highest `seq`). */
  manifest?: Manifest;
  /** Its key. */
  manifestKey?: string;
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
 * Finds the latest committed run of a source: the pointer's manifest or a newer
 * one. Failed manifests never count. Without a usable pointer every manifest
 * is read.
 */
export async function readCommittedState(store: ObjectStore, prefix: string, source: string): Promise<CommittedState> {
  const dir = manifestsPrefix(prefix, source);
  const pointer = await readPointer(store, prefix, source);
  const second = pointer && pointer.manifest_key === manifestKey(prefix, source, pointer.run_id) ? runIdSecond(pointer.run_id) : undefined;
  if (pointer && second) {
    // A run committed after the pointer's run started no earlier than that run's second.
    const found = latestSucceeded(await readManifests(store, await listManifestKeys(store, dir, `${dir}${second}`)));
    if (found && found.seq >= pointer.seq) return found;
    // The pointer names a manifest that is gone or not succeeded: trust only a full scan.
  }
  return latestSucceeded(await readManifests(store, await listManifestKeys(store, dir))) ?? { seq: 0 };
}

/**
 * Commits a run: writes its manifest (the commit itself), then, for a succeeded
 * run, the state pointer. A crash between the two loses nothing: the pointer is
 * a hint.
 * @returns the manifest key
 */
export async function commitManifest(store: ObjectStore, prefix: string, manifest: Manifest): Promise<string> {
  const key = manifestKey(prefix, manifest.source, manifest.run_id);
  await store.putBytes(key, serializeManifest(manifest), 'application/json');
  if (manifest.status === 'succeeded') {
    const pointer: StatePointer = { seq: manifest.seq, run_id: manifest.run_id, manifest_key: key };
    await store.putBytes(statePointerKey(prefix, manifest.source), `${JSON.stringify(pointer)}\n`, 'application/json');
  }
  return key;
}

/**
 * The committed view of a source: the files of every succeeded manifest, in
 * `seq` order. Files of failed or unfinished runs are never listed.
 */
export async function listCommittedFiles(store: ObjectStore, prefix: string, source: string): Promise<CommittedFile[]> {
  const manifests = (await readManifests(store, await listManifestKeys(store, manifestsPrefix(prefix, source))))
    .filter(({ manifest }) => manifest.status === 'succeeded')
    .sort((a, b) => a.manifest.seq - b.manifest.seq || (a.key < b.key ? -1 : 1));
  return manifests.flatMap(({ manifest }) =>
    Object.entries(manifest.resources).flatMap(([resource, r]) => r.files.map((f) => ({ ...f, resource, run_id: manifest.run_id }))),
  );
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
  const out: Array<{ key: string; manifest: Manifest }> = [];
  for (let i = 0; i < keys.length; i += READ_CONCURRENCY) {
    const batch = await Promise.all(
      keys.slice(i, i + READ_CONCURRENCY).map(async (key) => {
        const bytes = await store.get(key);
        // Deleted between list and get: it is not part of the view any more.
        return bytes ? { key, manifest: parseManifest(bytes, key) } : undefined;
      }),
    );
    for (const entry of batch) if (entry) out.push(entry);
  }
  return out;
}

function latestSucceeded(entries: ReadonlyArray<{ key: string; manifest: Manifest }>): CommittedState | undefined {
  let best: { key: string; manifest: Manifest } | undefined;
  for (const entry of entries) {
    if (entry.manifest.status !== 'succeeded') continue;
    if (!best || entry.manifest.seq > best.manifest.seq) best = entry;
  }
  return best ? { seq: best.manifest.seq, manifest: best.manifest, manifestKey: best.key } : undefined;
}
