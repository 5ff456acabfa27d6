/**
 * An {@link ObjectStore} that behaves like a slow object store: every
 * `putStream` (a part upload) completes `delayMs` after the wrapped store
 * finished it. Small objects (`putBytes`: manifests, checkpoints) are not
 * delayed. It records how long each upload took, so the pipelining scenario can
 * compare the run's wall time with the total upload time.
 */
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ObjectStore } from '../../lambdas/sink/ObjectStore';

/** Upload figures collected by a {@link DelayedStore}. */
export interface UploadStats {
  /** Number of `putStream` calls completed. */
  count: number;
  /** Sum of their durations (from call to completion), ms. */
  totalMs: number;
  /** Most uploads in flight at once. */
  maxInFlight: number;
}

/** Wraps a store, adding a fixed latency to each streamed upload. */
export class DelayedStore implements ObjectStore {
  readonly location: string;
  readonly stats: UploadStats = { count: 0, totalMs: 0, maxInFlight: 0 };
  private inFlight = 0;

  constructor(
    private readonly inner: ObjectStore,
    private readonly delayMs: number,
  ) {
    this.location = inner.location;
  }

  async putStream(key: string, body: Readable, contentType: string): Promise<void> {
    const started = performance.now();
    this.inFlight += 1;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight);
    try {
      await this.inner.putStream(key, body, contentType);
      await sleep(this.delayMs);
    } finally {
      this.inFlight -= 1;
      this.stats.count += 1;
      this.stats.totalMs += performance.now() - started;
    }
  }

  putBytes(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    return this.inner.putBytes(key, body, contentType);
  }

  putIfAbsent(key: string, body: Uint8Array | string, contentType: string): Promise<string | undefined> {
    return this.inner.putIfAbsent(key, body, contentType);
  }

  get(key: string): Promise<Buffer | undefined> {
    return this.inner.get(key);
  }

  list(prefix: string): Promise<string[]> {
    return this.inner.list(prefix);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
}
