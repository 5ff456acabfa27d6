import type { ChainPosition, ParentsPosition } from '../../../lambdas/commit/checkpoint';
import { parentsPositionOf, runChildChains } from '../../../lambdas/run/childChains';
import type { ParentOutcome } from '../../../lambdas/run/childChains';
import type { ParentRecord } from '../../../lambdas/run/parentIteration';
import { createMemoryStore } from '../../../lambdas/sink/memoryStore';
import type { ObjectStore } from '../../../lambdas/sink/ObjectStore';
import { ResourceWriter } from '../../../lambdas/sink/ResourceWriter';
import type { FileEntry } from '../../../lambdas/sink/ResourceWriter';

/** Parents 1..n written as a run writes them, 4 to a part. */
async function parentFiles(store: ObjectStore, n: number): Promise<FileEntry[]> {
  const writer = new ResourceWriter({ store, keyPrefix: 'parents/', partMaxRecords: 4, partMaxBytes: 1 << 20 });
  await writer.writeLines(Array.from({ length: n }, (_, i) => JSON.stringify({ id: i + 1 })));
  return writer.close();
}

/** A chain that ends when the test says so. */
interface Held {
  id: number;
  saved: ChainPosition | undefined;
  finish: (outcome: ParentOutcome) => void;
}

/** Records the chains started and holds each until the test finishes it. */
function holdingChains(): { started: Held[]; waitFor: (n: number) => Promise<void>; runParent: (p: ParentRecord, saved: ChainPosition | undefined) => Promise<ParentOutcome> } {
  const started: Held[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    started,
    waitFor: (n) => (started.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    runParent: (parent, saved) =>
      new Promise((finish) => {
        started.push({ id: parent.record.id as number, saved, finish });
        for (const w of waiters.filter((x) => started.length >= x.n)) w.resolve();
      }),
  };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('runChildChains', () => {
  it('keeps at most `concurrency` chains in flight and starts parents in file order', async () => {
    const store = createMemoryStore();
    const files = await parentFiles(store, 10);
    const chains = holdingChains();
    const run = runChildChains({ store, parentFiles: files, concurrency: 3, shouldPause: () => false, runParent: chains.runParent });
    await chains.waitFor(3);
    await settle();
    expect(chains.started.map((c) => c.id)).toEqual([1, 2, 3]);
    chains.started[1].finish({ paused: false });
    await chains.waitFor(4);
    await settle();
    expect(chains.started.map((c) => c.id)).toEqual([1, 2, 3, 4]);
    for (let i = 0; i < 10; i++) {
      await chains.waitFor(Math.min(10, i + 1));
      chains.started[i].finish({ paused: false });
    }
    await expect(run).resolves.toEqual({ kind: 'done' });
    expect(chains.started.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('on pause, says which parents are open and where each stands, and a resume runs exactly those and the rest', async () => {
    const store = createMemoryStore();
    const files = await parentFiles(store, 10);
    const chains = holdingChains();
    let pause = false;
    const first = runChildChains({ store, parentFiles: files, concurrency: 3, shouldPause: () => pause, runParent: chains.runParent });
    await chains.waitFor(3);
    chains.started[0].finish({ paused: false });
    await chains.waitFor(4);
    // Parent 1 is done; 2, 3, 4 are in flight. Time runs out: 2 finishes its last page, 3 and 4 stop between pages.
    pause = true;
    chains.started[1].finish({ paused: false });
    chains.started[2].finish({ paused: true, position: { paginator: { offset: 4 } } });
    chains.started[3].finish({ paused: true, position: {} });
    const outcome = await first;
    // Parent 4 sits at file 0, line 3; parent 5 (the first not started) at file 1, line 0.
    const expected: ParentsPosition = {
      next: { file: 1, line: 0 },
      open: [
        { parent: { file: 0, line: 2 }, paginator: { offset: 4 } },
        { parent: { file: 0, line: 3 } },
      ],
    };
    expect(outcome).toEqual({ kind: 'paused', position: expected });

    const again = holdingChains();
    const second = runChildChains({ store, parentFiles: files, resume: expected, concurrency: 3, shouldPause: () => false, runParent: again.runParent });
    for (let i = 0; i < 8; i++) {
      await again.waitFor(i + 1);
      again.started[i].finish({ paused: false });
    }
    await expect(second).resolves.toEqual({ kind: 'done' });
    expect(again.started.map((c) => c.id)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(again.started[0].saved).toEqual(expected.open[0]);
    expect(again.started[2].saved).toBeUndefined();
  });

  it('stops the other chains and throws the first error when one fails', async () => {
    const store = createMemoryStore();
    const files = await parentFiles(store, 6);
    const failure = new Error('chain failed');
    const started: number[] = [];
    let secondStarted: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (secondStarted = resolve));
    const run = runChildChains({
      store,
      parentFiles: files,
      concurrency: 2,
      shouldPause: () => false,
      runParent: async ({ record }, _saved, control) => {
        started.push(record.id as number);
        if (record.id === 2) secondStarted();
        if (record.id === 1) {
          await second;
          throw failure;
        }
        // The other chain is cancelled through its signal, as its requests would be.
        await new Promise((_, reject) => control.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
        return { paused: false };
      },
    });
    await expect(run).rejects.toBe(failure);
    // No chain starts after the failure.
    expect(started).toEqual([1, 2]);
  });

  it('reads a checkpoint written before `parents`: the one parent to resume at is open, the ones before it done', () => {
    expect(parentsPositionOf({ parent: { file: 1, line: 2 }, paginator: { offset: 2 } })).toEqual({
      next: { file: 1, line: 3 },
      open: [{ parent: { file: 1, line: 2 }, paginator: { offset: 2 } }],
    });
    expect(parentsPositionOf({})).toBeUndefined();
  });
});
