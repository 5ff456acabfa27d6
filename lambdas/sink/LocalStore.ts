/**
 * The {@link ObjectStore} of `sluice run --out <dir>`: keys are `/`-separated
 * paths under the directory. Every write goes to a temporary file next to its
 * target, is fsynced and then renamed into place, so a reader (or a crash) never
 * sees a partial file.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { StorageOperation } from '../errors/StorageError';
import { StorageError } from '../errors/StorageError';
import type { ObjectStore } from './ObjectStore';

/** Names starting with this are sluice's own (temporary files, locks) and never listed. */
export const LOCAL_PRIVATE_PREFIX = '.sluice-';

/** An {@link ObjectStore} over a local directory. */
export class LocalStore implements ObjectStore {
  readonly location: string;
  private readonly root: string;

  /** @param rootDir the output directory; created on the first write */
  constructor(rootDir: string) {
    this.root = resolve(rootDir);
    this.location = rootDir;
  }

  async putStream(key: string, body: Readable, _contentType: string): Promise<void> {
    // Until the file is open nobody listens: a producer's error must not go unhandled meanwhile (the loop below still sees it).
    body.on('error', () => undefined);
    const path = this.pathOf('putStream', key);
    await this.call('putStream', key, () =>
      writeAtomically(path, async (file) => {
        // Pulling one chunk per completed write is the back-pressure.
        for await (const chunk of body) await file.write(chunk as Uint8Array);
      }),
    ).catch((error: unknown) => {
      // The producer must learn that nobody reads its stream any more.
      if (!body.destroyed) body.destroy();
      throw error;
    });
  }

  async putBytes(key: string, body: Uint8Array | string, _contentType: string): Promise<void> {
    const path = this.pathOf('putBytes', key);
    await this.call('putBytes', key, () => writeAtomically(path, (file) => file.writeFile(body)));
  }

  async putIfAbsent(key: string, body: Uint8Array | string, _contentType: string): Promise<string | undefined> {
    const path = this.pathOf('putIfAbsent', key);
    return this.call('putIfAbsent', key, async () => ((await createExclusively(path, body)) ? tagOf(body) : undefined));
  }

  async get(key: string): Promise<Buffer | undefined> {
    const path = this.pathOf('get', key);
    return this.call('get', key, async () => {
      try {
        return await readFile(path);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return undefined;
        throw error;
      }
    });
  }

  async list(prefix: string, startAfter?: string): Promise<string[]> {
    // Walk only below the deepest directory the prefix names.
    const slash = prefix.lastIndexOf('/');
    const base = slash >= 0 ? prefix.slice(0, slash) : '';
    const start = base ? this.pathOf('list', base) : this.root;
    return this.call('list', prefix, async () => {
      const keys: string[] = [];
      await walk(start, base, keys);
      return keys
        .filter((k) => k.startsWith(prefix) && (startAfter === undefined || compareKeys(k, startAfter) > 0))
        .sort(compareKeys);
    });
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf('delete', key);
    await this.call('delete', key, async () => {
      try {
        await unlink(path);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw error;
      }
    });
  }

  /** The file of a key; rejects keys that are absolute or would leave the root. */
  private pathOf(operation: StorageOperation, key: string): string {
    const segments = key.split('/');
    const bad =
      key === '' ||
      isAbsolute(key) ||
      key.includes('\\') ||
      key.includes('\0') ||
      segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith(LOCAL_PRIVATE_PREFIX));
    const path = resolve(this.root, ...segments);
    if (bad || !path.startsWith(this.root + sep)) {
      throw new StorageError({ operation, location: this.location, key }, 'the key is not a relative path inside the output directory');
    }
    return path;
  }

  private async call<T>(operation: StorageOperation, key: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw StorageError.wrap({ operation, location: this.location, key }, error);
    }
  }
}

/** Writes through a temporary file in the target's directory: fsync, rename, fsync the directory. */
async function writeAtomically(path: string, write: (file: FileHandle) => Promise<void>): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `${LOCAL_PRIVATE_PREFIX}${randomBytes(6).toString('hex')}-${basename(path)}`);
  const file = await open(temp, 'w');
  try {
    await write(file);
    await file.sync();
  } catch (error) {
    await file.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await file.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  // The rename itself is durable only once the directory entry is synced.
  await syncDirectory(dir);
}

/**
 * Creates `path` whole or not at all: written and fsynced aside, then hard-linked
 * into place, which fails when the name exists (an exclusive create that no
 * reader ever sees half written).
 * @returns false when the file exists already
 */
async function createExclusively(path: string, body: Uint8Array | string): Promise<boolean> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `${LOCAL_PRIVATE_PREFIX}${randomBytes(6).toString('hex')}-${basename(path)}`);
  const file = await open(temp, 'wx');
  try {
    await file.writeFile(body);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await link(temp, path);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  await syncDirectory(dir);
  return true;
}

/** A version tag of a local object: the SHA-256 of its bytes. */
function tagOf(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Makes a new directory entry durable; some file systems refuse to fsync a directory, and the file itself is synced. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const directory = await open(dir, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  } catch {
    // see above
  }
}

async function walk(dir: string, keyBase: string, into: string[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return;
    throw error;
  }
  for (const entry of entries) {
    if (entry.name.startsWith(LOCAL_PRIVATE_PREFIX)) continue;
    const key = keyBase ? `${keyBase}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await walk(join(dir, entry.name), key, into);
    else if (entry.isFile()) into.push(key);
  }
}

/** S3's order: by UTF-8 bytes (differs from UTF-16 code-unit order only outside the BMP). */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as { code?: string }).code : undefined;
}
