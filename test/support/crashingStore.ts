/**
 * A store whose process "dies" at its k-th write: that write fails (or, with
 * `landed`, is stored and then its answer is lost), and so does every later
 * write, delete and lease write, as nothing of a dead process reaches storage.
 * Reads go on: they change nothing.
 */
import type { Readable } from 'node:stream';
import type { ObjectStore } from '../../lambdas/sink/ObjectStore';

/** Where a {@link crashingStore} dies. */
export interface CrashPoint {
  /** The write (1-based, put or delete, the lease's included) the crash happens at. */
  readonly at: number;
  /** True: that write is stored before the crash; false: it is not. */
  readonly landed?: boolean;
}

/** A crashing store and the keys it was asked to write, in order. */
export interface CrashingStore {
  readonly store: ObjectStore;
  readonly writes: readonly string[];
  /** True once the crash happened. */
  readonly crashed: boolean;
}

/** Wraps `inner` so that it dies at `crash.at`. */
export function crashingStore(inner: ObjectStore, crash: CrashPoint): CrashingStore {
  const writes: string[] = [];
  const state = { crashed: false };
  const write = async <T>(key: string, doIt: () => Promise<T>, discard?: () => void): Promise<T> => {
    writes.push(key);
    const dies = !state.crashed && writes.length >= crash.at;
    if (state.crashed || (dies && !crash.landed)) {
      state.crashed = true;
      discard?.();
      throw new Error(`injected crash at write ${writes.length} (${key})`);
    }
    const result = await doIt();
    if (dies) {
      state.crashed = true;
      throw new Error(`injected crash after write ${writes.length} landed (${key})`);
    }
    return result;
  };
  const store: ObjectStore = {
    location: inner.location,
    putStream: (key: string, body: Readable, contentType: string) => write(key, () => inner.putStream(key, body, contentType), () => body.destroy()),
    putBytes: (key: string, body: Uint8Array | string, contentType: string) => write(key, () => inner.putBytes(key, body, contentType)),
    putIfAbsent: (key: string, body: Uint8Array | string, contentType: string) => write(key, () => inner.putIfAbsent(key, body, contentType)),
    get: (key) => inner.get(key),
    list: (prefix, startAfter) => inner.list(prefix, startAfter),
    delete: (key) => write(key, () => inner.delete(key)),
  };
  if (inner.getTagged && inner.putIfTag) {
    const { getTagged, putIfTag } = { getTagged: inner.getTagged.bind(inner), putIfTag: inner.putIfTag.bind(inner) };
    store.getTagged = (key) => getTagged(key);
    store.putIfTag = (key, body, contentType, tag) => write(key, () => putIfTag(key, body, contentType, tag));
  }
  return {
    store,
    writes,
    get crashed() {
      return state.crashed;
    },
  };
}
