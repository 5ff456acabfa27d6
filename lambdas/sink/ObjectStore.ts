/**
 * Where a run's files go: S3 in the Lambda (and `sluice run --bucket`), a local
 * directory for `sluice run --out`. Keys are relative to the bucket or the
 * directory, the same layout in both.
 */
import type { Readable } from 'node:stream';

/** An object with the tag of its current version (S3: its ETag). */
export interface TaggedObject {
  readonly body: Buffer;
  readonly tag: string;
}

/** Storage for data files, manifests, checkpoints and state pointers. */
export interface ObjectStore {
  /** A human-readable location for messages: `s3://bucket` or a directory path. */
  readonly location: string;
  /**
   * Writes a stream as one object. Resolves once the object is durably stored
   * (S3: the multipart upload completed; local: written, fsynced and renamed
   * into place, so a reader never sees a partial file).
   */
  putStream(key: string, body: Readable, contentType: string): Promise<void>;
  /** Writes a small object whole (manifests, checkpoints, pointers). */
  putBytes(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /**
   * Creates a small object only if no object has the key, atomically: of
   * writers racing for one key exactly one succeeds (S3: `PutObject` with
   * `If-None-Match: *`; local: written aside, then hard-linked into place).
   * This is what a commit rests on.
   * @returns the new object's tag, or undefined when the key exists already
   */
  putIfAbsent(key: string, body: Uint8Array | string, contentType: string): Promise<string | undefined>;
  /**
   * Reads an object with its version tag, for {@link putIfTag}. Optional: a
   * store without it (a local directory) takes no run lease.
   */
  getTagged?(key: string): Promise<TaggedObject | undefined>;
  /**
   * Replaces an object only if it is still at version `tag` (S3: `If-Match`).
   * @returns the new tag, or undefined when the object changed or is gone
   */
  putIfTag?(key: string, body: Uint8Array | string, contentType: string, tag: string): Promise<string | undefined>;
  /** Reads an object, or undefined when it does not exist. */
  get(key: string): Promise<Buffer | undefined>;
  /**
   * Lists keys under a prefix, sorted (as S3 sorts: by UTF-8 bytes). With
   * `startAfter`, only keys that sort after it (S3's `StartAfter`); a store may
   * ignore it, so callers that rely on it filter again.
   */
  list(prefix: string, startAfter?: string): Promise<string[]>;
  /** Deletes an object; no error when absent. */
  delete(key: string): Promise<void>;
  /**
   * Deletes many objects in few requests (S3: `DeleteObjects`, up to 1000 keys
   * each); no error for an absent key. Optional: {@link deleteKeys} falls back
   * to {@link delete} one key at a time.
   * @throws when any key could not be deleted, naming it
   */
  deleteMany?(keys: readonly string[]): Promise<void>;
}

/** Deletes `keys` through the store's batch delete when it has one, else one by one. */
export async function deleteKeys(store: ObjectStore, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  if (store.deleteMany) return store.deleteMany(keys);
  for (const key of keys) await store.delete(key);
}
