/**
 * A run killed with SIGKILL at random points, over and over: a child process
 * (`support/runChild.ts`) runs a source into a local `--out` directory against
 * the fake API (pages slowed down a little, so a kill can land between any two
 * writes); the parent kills it after a delay drawn from a seeded PRNG, then
 * reruns the source to completion. After every rerun the committed view holds
 * every record of the API exactly once: the union of every committed run for
 * an incremental source, each committed snapshot for a non-incremental one.
 * The seed is printed; `SLUICE_TEST_SEED=<n>` replays it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { acquireLocalLock } from '../../lambdas/commit/localLock';
import { runSource } from '../../lambdas/run/runSource';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import { LocalStore } from '../../lambdas/sink/LocalStore';
import { generateRecords, startFakeApi } from '../support/fakeApi';
import type { FakeApi } from '../support/fakeApi';
import { allManifests, range, sortedIds, verifiedCommittedFiles } from './support/committedView';
import type { KillSourceKind } from './support/killSources';
import { CHILD_ENV, STARTED_LINE, killSource } from './support/killSources';
import { mulberry32, testSeed } from './support/prng';
import type { Random } from './support/prng';

const CHILD = resolve(__dirname, 'support', 'runChild.ts');
const ROOT = resolve(__dirname, '..', '..');
/** Kills per source: 2 sources × 8 = 16 kills, each ~1–2 s (child start-up, the run, the rerun). */
const KILLS = 8;
/** On a loaded machine rounds get slower: past this much time per source, stop after {@link MIN_KILLS}. */
const BUDGET_MS = 35_000;
const MIN_KILLS = 3;
/** Kill delays are drawn from [0, KILL_WINDOW_MS) after the child starts its run: about one run's length. */
const KILL_WINDOW_MS = 450;
const PAGE_DELAY_MS = 40;

interface ChildOutcome {
  killed: boolean;
  code: number | null;
  stderr: string;
}

let api: FakeApi;
let seed: number;
let random: Random;
const outcomes: string[] = [];

/** Runs the child; SIGKILLs it `killAfterMs` after it reports that its run started. Resolves on its exit. */
function runChildKilledAfter(kind: KillSourceKind, out: string, killAfterMs: number): Promise<ChildOutcome> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: { ...process.env, [CHILD_ENV.api]: api.baseUrl, [CHILD_ENV.out]: out, [CHILD_ENV.kind]: kind },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // The fault itself: a kill at a random moment of the run, not a wait for anything.
      if (!timer && stdout.includes(STARTED_LINE)) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ killed: signal === 'SIGKILL', code, stderr });
    });
  });
}

/** Reruns the source to completion in this process, taking over the killed child's stale lock. */
async function rerun(kind: KillSourceKind, out: string): Promise<void> {
  const source = killSource(kind, api.baseUrl);
  const release = await acquireLocalLock(out, source.name);
  try {
    const summary = await runSource({ source, store: new LocalStore(out), secrets: new FileSecretStore({}), trigger: 'cli' });
    expect(summary.status).toBe('succeeded');
  } finally {
    await release();
  }
}

/** Kill, rerun, check; `total` grows by `grow` records before each round. */
async function killAndRerun(kind: KillSourceKind, initial: number, grow: number, check: (out: string, total: number) => Promise<void>): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), `sluice-kill-${kind}-`));
  try {
    let total = initial;
    const start = Date.now();
    for (let round = 0; round < KILLS && (round < MIN_KILLS || Date.now() - start < BUDGET_MS); round++) {
      total += grow;
      api.setRecords('items', generateRecords('items', total));
      const delay = Math.floor(random() * KILL_WINDOW_MS);
      const child = await runChildKilledAfter(kind, out, delay);
      outcomes.push(`${kind}#${round} kill@${delay}ms: ${child.killed ? 'killed' : `finished (exit ${child.code})`}`);
      if (!child.killed && child.code !== 0) throw new Error(`the child failed on its own (seed ${seed}): ${child.stderr}`);
      await rerun(kind, out);
      await check(out, total);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Committed runs hold seq 1, 2, 3, … with no gap and no two runs at the same seq. */
async function expectContiguousSeqs(out: string, source: string): Promise<void> {
  const seqs = (await allManifests(new LocalStore(out), source)).filter((m) => m.status === 'succeeded').map((m) => m.seq).sort((a, b) => a - b);
  expect(seqs).toEqual(range(seqs.length));
}

beforeAll(async () => {
  seed = testSeed();
  random = mulberry32(seed);
  // Printed first, so a run that hangs or crashes can still be replayed.
  console.log(`sigkill test seed: ${seed} (replay with SLUICE_TEST_SEED=${seed})`);
  api = await startFakeApi({ collections: { items: 0 } });
  api.addFault({ path: '/public/offset/items', kind: 'slow', delayMs: PAGE_DELAY_MS, times: Infinity });
});
afterAll(async () => {
  // Where each kill landed, for reading a failure.
  console.log(`sigkill test seed ${seed}:\n${outcomes.join('\n')}`);
  await api.close();
});

describe('a run killed with SIGKILL at random points', () => {
  it('leaves an incremental source whose committed view holds every API record exactly once after each rerun', async () => {
    await killAndRerun('incremental', 0, 15, async (out, total) => {
      const files = await verifiedCommittedFiles(new LocalStore(out), 'kill-incremental');
      expect({ seed, ids: sortedIds(files.flatMap((f) => f.records)) }).toEqual({ seed, ids: range(total) });
      await expectContiguousSeqs(out, 'kill-incremental');
    });
  });

  it('leaves a non-incremental source whose every committed snapshot holds each record exactly once', async () => {
    await killAndRerun('snapshot', 6, 3, async (out, total) => {
      const files = await verifiedCommittedFiles(new LocalStore(out), 'kill-snapshot');
      const byRun = new Map<string, number[]>();
      for (const { file, records } of files) byRun.set(file.run_id, [...(byRun.get(file.run_id) ?? []), ...records.map((r) => r.id as number)]);
      // listCommittedFiles is in seq order: the last run listed is the latest snapshot.
      const snapshots = [...byRun.values()].map((ids) => ids.sort((a, b) => a - b));
      for (const ids of snapshots) expect({ seed, ids }).toEqual({ seed, ids: range(ids.length) });
      expect({ seed, latest: snapshots[snapshots.length - 1] }).toEqual({ seed, latest: range(total) });
      await expectContiguousSeqs(out, 'kill-snapshot');
    });
  });
});
