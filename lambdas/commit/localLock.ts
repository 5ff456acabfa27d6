/**
 * One local run per source and `--out` directory, the local counterpart of a
 * bucket's run lease (`lease.ts`): a second run stops before it requests
 * anything instead of extracting for a commit it would lose (the exclusive
 * create of the commit lets only one run commit a `seq` either way). A lock
 * whose process is gone (a crash, a killed terminal) is taken over.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConcurrentRunError } from '../errors/ConcurrentRunError';
import { LOCAL_PRIVATE_PREFIX } from '../sink/LocalStore';

/** What a lock file holds. */
interface LockContent {
  pid: number;
  host: string;
  since: string;
  token: string;
}

/** The lock file of a source: `<outDir>/.sluice-locks/<source>.lock` (never listed by LocalStore). */
export function localLockFile(outDir: string, source: string): string {
  return join(outDir, `${LOCAL_PRIVATE_PREFIX}locks`, `${source}.lock`);
}

/**
 * Takes the lock of `source` in `outDir`.
 * @returns a function that releases it (only if still ours; safe to call twice)
 * @throws ConcurrentRunError when a live process holds it
 */
export async function acquireLocalLock(outDir: string, source: string): Promise<() => Promise<void>> {
  const file = localLockFile(outDir, source);
  await mkdir(join(outDir, `${LOCAL_PRIVATE_PREFIX}locks`), { recursive: true });
  const mine: LockContent = { pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const text = JSON.stringify(mine);
  // A few rounds: another process may take over the same stale lock between our read and our create.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createWhole(file, text)) return release(file, mine.token);
    const raw = await readFile(file, 'utf8').catch(() => undefined);
    if (raw === undefined) continue; // released meanwhile
    const holder = parseLock(raw);
    if (holder && isAlive(holder)) {
      throw new ConcurrentRunError(source, outDir, { kind: 'lock', holder: `pid ${holder.pid} on host ${holder.host}, since ${holder.since}`, lockFile: file });
    }
    // Stale (its process is gone) or unreadable: remove it unless someone replaced it since we read it.
    const again = await readFile(file, 'utf8').catch(() => undefined);
    if (again === raw) await unlink(file).catch(() => undefined);
  }
  throw new ConcurrentRunError(source, outDir, { kind: 'lock', holder: 'another process keeps taking the lock', lockFile: file });
}

/**
 * Creates `file` with its whole content at once (written aside, then hard-linked
 * into place), so no reader ever sees an empty lock and takes it for stale.
 * @returns false when the file exists already
 */
async function createWhole(file: string, text: string): Promise<boolean> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

function release(file: string, token: string): () => Promise<void> {
  return async () => {
    const raw = await readFile(file, 'utf8').catch(() => undefined);
    if (raw !== undefined && parseLock(raw)?.token === token) await unlink(file).catch(() => undefined);
  };
}

function parseLock(raw: string): LockContent | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockContent>;
    if (typeof value.pid === 'number' && typeof value.host === 'string') {
      return { pid: value.pid, host: value.host, since: String(value.since ?? 'unknown'), token: String(value.token ?? '') };
    }
  } catch {
    // unreadable: treated as stale
  }
  return undefined;
}

/** A lock from another host cannot be checked, so it counts as held. */
function isAlive(lock: LockContent): boolean {
  if (lock.host !== hostname()) return true;
  try {
    process.kill(lock.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}
