/**
 * An {@link ObjectStore} in memory with every capability S3 has: conditional
 * create and conditional replace by version tag, so runs into it take the run
 * lease as bucket runs do. Fast enough for property tests that run thousands
 * of runs; the same code paths as moto's S3 otherwise (see
 * test/lambdas/sink/ObjectStore.test.ts for the contract both stores meet).
 */
import type { Readable } from 'node:stream';
import type { ObjectStore, TaggedObject } from '../../lambdas/sink/ObjectStore';

/** An in-memory store; `lease: false` leaves out `getTagged`/`putIfTag`, as a local folder has none. */
export function createTaggedMemoryStore(options: { lease?: boolean } = {}): ObjectStore {
  const objects = new Map<string, TaggedObject>();
  let version = 0;
  const put = (key: string, body: Uint8Array | string): string => {
    const tag = String(++version);
    objects.set(key, { body: Buffer.from(body), tag });
    return tag;
  };
  const store: ObjectStore = {
    location: 'memory://property',
    async putStream(key: string, body: Readable): Promise<void> {
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
      put(key, Buffer.concat(chunks));
    },
    async putBytes(key: string, body: Uint8Array | string): Promise<void> {
      put(key, body);
    },
    async putIfAbsent(key: string, body: Uint8Array | string): Promise<string | undefined> {
      return objects.has(key) ? undefined : put(key, body);
    },
    async get(key: string): Promise<Buffer | undefined> {
      return objects.get(key)?.body;
    },
    async list(prefix: string, startAfter?: string): Promise<string[]> {
      // S3 sorts by UTF-8 bytes; the keys here are ASCII.
      return [...objects.keys()].filter((k) => k.startsWith(prefix) && (startAfter === undefined || k > startAfter)).sort();
    },
    async delete(key: string): Promise<void> {
      objects.delete(key);
    },
  };
  if (options.lease === false) return store;
  return {
    ...store,
    async getTagged(key: string): Promise<TaggedObject | undefined> {
      return objects.get(key);
    },
    async putIfTag(key: string, body: Uint8Array | string, _contentType: string, tag: string): Promise<string | undefined> {
      return objects.get(key)?.tag === tag ? put(key, body) : undefined;
    },
  };
}
