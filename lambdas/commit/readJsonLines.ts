/**
 * Reading committed part files back: children re-read their parent's records
 * this way, and so do the readers of the committed view.
 */
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { StorageErrorContext } from '../errors/StorageError';
import { StorageError } from '../errors/StorageError';
import type { ObjectStore } from '../sink/ObjectStore';

/**
 * Reads a part file back: gunzips it as a stream and yields one parsed record
 * per line (children re-read their parent's records this way).
 * @throws StorageError when the object is missing or a line is not JSON
 */
export async function* readJsonLines(store: ObjectStore, key: string): AsyncGenerator<unknown> {
  const bytes = await store.get(key);
  if (!bytes) throw new StorageError({ operation: 'get', location: store.location, key }, 'the part file does not exist');
  yield* parseJsonLines(bytes, { operation: 'get', location: store.location, key });
}

/**
 * The records of a gzip JSON Lines object already read (the committed-view
 * reader checks its sha256 first).
 * @param context names the object in errors
 * @throws StorageError when a line is not JSON
 */
export async function* parseJsonLines(bytes: Buffer, context: StorageErrorContext): AsyncGenerator<unknown> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  const parse = (text: string): unknown => {
    line++;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new StorageError(context, `line ${line} is not JSON`, { cause: error });
    }
  };
  for await (const chunk of Readable.from([bytes]).pipe(createGunzip())) {
    pending += decoder.write(chunk as Buffer);
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const text = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (text) yield parse(text);
    }
  }
  pending += decoder.end();
  if (pending) yield parse(pending);
}
