/**
 * An {@link ObjectStore} in memory. A dry run writes nothing to the real store,
 * yet a child still reads its parent's records back: those few part files go
 * here and are dropped with the run.
 */
import type { Readable } from 'node:stream';
import type { ObjectStore } from '../sink/ObjectStore';

/** Creates an empty in-memory store. */
export function createMemoryStore(): ObjectStore {
  const objects = new Map<string, Buffer>();
  let version = 0;
  return {
    location: 'memory',
    async putStream(key: string, body: Readable): Promise<void> {
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
      objects.set(key, Buffer.concat(chunks));
    },
    async putBytes(key: string, body: Uint8Array | string): Promise<void> {
      objects.set(key, Buffer.from(body));
    },
    async putIfAbsent(key: string, body: Uint8Array | string): Promise<string | undefined> {
      if (objects.has(key)) return undefined;
      objects.set(key, Buffer.from(body));
      return String(++version);
    },
    async get(key: string): Promise<Buffer | undefined> {
      return objects.get(key);
    },
    async list(prefix: string): Promise<string[]> {
      return [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    },
    async delete(key: string): Promise<void> {
      objects.delete(key);
    },
  };
}
