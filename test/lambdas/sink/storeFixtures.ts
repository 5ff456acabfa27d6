/**
 * The two real stores the storage tests run against: S3 (moto, a fresh bucket
 * per store) and a fresh temporary directory. Suites use `describe.each(STORES)`.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import type { ObjectStore } from '../../../lambdas/sink/ObjectStore';
import type { S3StoreOptions } from '../../../lambdas/sink/S3Store';
import { S3Store } from '../../../lambdas/sink/S3Store';
import { createTestBucket } from '../../support/aws';

/** A store under test and where it lives. */
export interface StoreUnderTest {
  readonly store: ObjectStore;
  /** The bucket (S3) or directory (local). */
  readonly where: string;
}

/** A named factory of a fresh, empty store. */
export interface StoreFactory {
  readonly name: string;
  create(options?: Partial<S3StoreOptions>): Promise<StoreUnderTest>;
}

export const S3_STORE: StoreFactory = {
  name: 'S3Store (moto)',
  async create(options) {
    const bucket = await createTestBucket('sluice-sink');
    return { store: new S3Store({ ...options, bucket }), where: bucket };
  },
};

export const LOCAL_STORE: StoreFactory = {
  name: 'LocalStore (temp dir)',
  async create() {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-sink-'));
    return { store: new LocalStore(dir), where: dir };
  },
};

/** Both stores, for `describe.each`. */
export const STORES: ReadonlyArray<[string, StoreFactory]> = [
  [S3_STORE.name, S3_STORE],
  [LOCAL_STORE.name, LOCAL_STORE],
];

/** Reads a stream whole (test bodies only). */
export async function drain(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * Wraps a store so that its `putStream` neither reads nor finishes until
 * `release()`: the upload pipeline stays full, as with a very slow network.
 * Counts uploads started, in flight and the most in flight at once.
 */
export class GatedStore implements ObjectStore {
  readonly location: string;
  started = 0;
  inFlight = 0;
  maxInFlight = 0;
  private opened = false;
  private readonly waiting: Array<() => void> = [];
  private readonly startWaiters: Array<{ n: number; resolve: () => void }> = [];

  constructor(private readonly inner: ObjectStore) {
    this.location = inner.location;
  }

  /** Resolves once `n` uploads have started. */
  startedAtLeast(n: number): Promise<void> {
    if (this.started >= n) return Promise.resolve();
    return new Promise((resolve) => this.startWaiters.push({ n, resolve }));
  }

  /** Lets every held upload (and every later one) through. */
  release(): void {
    this.opened = true;
    for (const go of this.waiting.splice(0)) go();
  }

  async putStream(key: string, body: Readable, contentType: string): Promise<void> {
    this.started++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    for (const w of this.startWaiters.filter((x) => this.started >= x.n)) w.resolve();
    try {
      if (!this.opened) await new Promise<void>((resolve) => this.waiting.push(resolve));
      await this.inner.putStream(key, body, contentType);
    } finally {
      this.inFlight--;
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

  list(prefix: string, startAfter?: string): Promise<string[]> {
    return this.inner.list(prefix, startAfter);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
}

/** Lets pending I/O callbacks and promise jobs run, to show that something did NOT happen. */
export async function settleEventLoop(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}
