/**
 * Makes two runs overlap for sure, without sleeps: a store that holds a run at
 * its commit until the test lets it go on (the API side is test/support/heldApi.ts).
 */
import type { Readable } from 'node:stream';
import type { ObjectStore, TaggedObject } from '../../../lambdas/sink/ObjectStore';

/** A commit write: the conditional create of a commit, or (before commits existed) the manifest write. */
function isCommitWrite(key: string): boolean {
  return /\/_commits\//.test(key) || /\/_manifests\//.test(key);
}

/**
 * Wraps a store so that the run using it stops at its commit (its first write
 * of a commit or manifest) until `release()`; `atCommit` resolves when it is
 * there. Everything else, leases included, goes straight through.
 */
export class CommitGate implements ObjectStore {
  readonly location: string;
  readonly atCommit: Promise<void>;
  private reached!: () => void;
  private released = false;
  private readonly waiting: Array<() => void> = [];
  private first = true;

  constructor(private readonly inner: ObjectStore) {
    this.location = inner.location;
    this.atCommit = new Promise((resolve) => (this.reached = resolve));
    if (inner.getTagged && inner.putIfTag) {
      const { getTagged, putIfTag } = { getTagged: inner.getTagged.bind(inner), putIfTag: inner.putIfTag.bind(inner) };
      this.getTagged = (key) => getTagged(key);
      this.putIfTag = (key, body, contentType, tag) => putIfTag(key, body, contentType, tag);
    }
  }

  getTagged?: (key: string) => Promise<TaggedObject | undefined>;
  putIfTag?: (key: string, body: Uint8Array | string, contentType: string, tag: string) => Promise<string | undefined>;

  /** Lets the held commit (and every later one) go on. */
  release(): void {
    this.released = true;
    for (const go of this.waiting.splice(0)) go();
  }

  private async hold(key: string): Promise<void> {
    if (!this.first || !isCommitWrite(key)) return;
    this.first = false;
    this.reached();
    if (!this.released) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  putStream(key: string, body: Readable, contentType: string): Promise<void> {
    return this.inner.putStream(key, body, contentType);
  }

  async putBytes(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.hold(key);
    return this.inner.putBytes(key, body, contentType);
  }

  async putIfAbsent(key: string, body: Uint8Array | string, contentType: string): Promise<string | undefined> {
    await this.hold(key);
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
