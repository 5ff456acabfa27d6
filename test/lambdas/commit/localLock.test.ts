import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConcurrentRunError } from '../../../lambdas/errors/ConcurrentRunError';
import { acquireLocalLock, localLockFile } from '../../../lambdas/commit/localLock';
import { LocalStore } from '../../../lambdas/sink/LocalStore';

describe('acquireLocalLock', () => {
  it('fails fast for a second holder of the same source and directory', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sluice-lock-'));
    const release = await acquireLocalLock(out, 'acme');
    const error = await acquireLocalLock(out, 'acme').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrentRunError);
    expect((error as ConcurrentRunError).kind).toBe('run');
    expect((error as Error).message).toMatch(new RegExp(`another sluice run of source "acme" is writing to ${out} \\(pid ${process.pid} on host `));
    // Another source in the same directory is independent.
    const other = await acquireLocalLock(out, 'other');
    await other();
    await release();
    await (await acquireLocalLock(out, 'acme'))();
  });

  it('takes over a lock whose process no longer exists', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sluice-lock-'));
    const gone = spawnSync(process.execPath, ['-e', '0']).pid; // exited before we look
    const file = localLockFile(out, 'acme');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ pid: gone, host: hostname(), since: '2026-01-01T00:00:00.000Z', token: 'dead' }));
    const release = await acquireLocalLock(out, 'acme');
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: process.pid });
    await release();
    expect(existsSync(file)).toBe(false);
  });

  it('keeps the lock out of the store listing', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sluice-lock-'));
    const release = await acquireLocalLock(out, 'acme');
    expect(await new LocalStore(out).list('')).toEqual([]);
    await release();
  });
});
