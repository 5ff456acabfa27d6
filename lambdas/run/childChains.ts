/**
 * The request chains of a child resource, one per parent record, up to
 * `concurrency` at once (a `parallelized` child; 1 otherwise). Parents are
 * started in file order; each chain writes its own pages in order, so part
 * files may interleave chains but never reorder one. When the invocation must
 * stop, no new chain starts, the running ones stop after the page they are on,
 * and the position says which parents are done, which are open and where each
 * open one stands: a resumed run refetches no finished parent and skips no
 * unfinished one.
 */
import type { ChainPosition, ParentPosition, ParentsPosition, ResourcePosition } from '../commit/checkpoint';
import type { ObjectStore } from '../sink/ObjectStore';
import type { FileEntry } from '../sink/ResourceWriter';
import type { ParentRecord } from './parentIteration';
import { parentRecords } from './parentIteration';
import { Siblings } from './Siblings';
import type { StopControl } from './Siblings';

/** How one parent's chain ended: done, or paused where it stands (its `parent` is filled in by the caller). */
export type ParentOutcome = { readonly paused: false } | { readonly paused: true; readonly position: Omit<ChainPosition, 'parent'> };

/** Options of {@link runChildChains}. */
export interface ChildChainsOptions {
  readonly store: ObjectStore;
  /** The parent's files of this run. */
  readonly parentFiles: readonly FileEntry[];
  /** Where an earlier invocation stopped; absent: from the first parent. */
  readonly resume?: ParentsPosition;
  /** Chains in flight at most (at least 1). */
  readonly concurrency: number;
  /** True when this invocation should stop. */
  readonly shouldPause: () => boolean;
  /** Runs the chain of one parent; `saved` is where it stood when it was paused before. */
  readonly runParent: (parent: ParentRecord, saved: ChainPosition | undefined, control: StopControl) => Promise<ParentOutcome>;
}

/** Every parent done, or the position to resume from. */
export type ChildOutcome = { readonly kind: 'done' } | { readonly kind: 'paused'; readonly position: ParentsPosition };

/** Orders parent positions: file, then line. */
function compare(a: ParentPosition, b: ParentPosition): number {
  return a.file - b.file || a.line - b.line;
}

const keyOf = (p: ParentPosition): string => `${p.file}:${p.line}`;

/**
 * The position of a child's chains in a checkpoint. A checkpoint written before
 * `parents` holds one parent to resume at (its chain at `paginator`, `cursor`, `aheadWritten`),
 * the records before it done: that is one open chain, and `next` the record after it.
 */
export function parentsPositionOf(position: ResourcePosition): ParentsPosition | undefined {
  if (position.parents) return position.parents;
  if (!position.parent) return undefined;
  const { parent, paginator, cursor, aheadWritten } = position;
  // The line after may be past the file's end: reading from there starts at the next file.
  return {
    next: { file: parent.file, line: parent.line + 1 },
    open: [{ parent, ...(paginator ? { paginator } : {}), ...(cursor ? { cursor } : {}), ...(aheadWritten ? { aheadWritten } : {}) }],
  };
}

/**
 * Runs (or resumes) the chains of a child.
 * @throws the first chain's error, once every other chain has stopped (they are cancelled)
 */
export async function runChildChains(options: ChildChainsOptions): Promise<ChildOutcome> {
  const concurrency = Math.max(1, options.concurrency);
  const resumeNext = options.resume?.next ?? { file: 0, line: 0 };
  // The chains an earlier invocation left open, by parent; each is resumed where it stood, once.
  const saved = new Map((options.resume?.open ?? []).map((c) => [keyOf(c.parent), c]));
  const from = [...saved.values()].map((c) => c.parent).reduce((a, b) => (compare(a, b) <= 0 ? a : b), resumeNext);

  const siblings = new Siblings(options.shouldPause);
  const paused: ChainPosition[] = [];
  const running = new Set<Promise<void>>();
  let stoppedAt: ParentPosition | undefined;
  let started = 0;

  const start = (parent: ParentRecord, resumeFrom: ChainPosition | undefined): void => {
    const task = (async () => {
      try {
        const outcome = await options.runParent(parent, resumeFrom, siblings.control);
        if (outcome.paused) {
          siblings.paused();
          paused.push({ ...outcome.position, parent: parent.at });
        }
      } catch (error) {
        siblings.failed(error);
      }
    })();
    running.add(task);
    void task.finally(() => running.delete(task));
  };

  try {
    for await (const parent of parentRecords(options.store, options.parentFiles, from)) {
      const before = compare(parent.at, resumeNext) < 0;
      const resumeFrom = before ? saved.get(keyOf(parent.at)) : undefined;
      // Before `next` and not open: finished in an earlier invocation.
      if (before && !resumeFrom) continue;
      while (running.size >= concurrency) await Promise.race(running);
      // The first chain of an invocation always starts: every invocation moves the run on by a page at least.
      if (started > 0 && siblings.control.shouldPause()) {
        stoppedAt = parent.at;
        break;
      }
      if (resumeFrom) saved.delete(keyOf(parent.at));
      started++;
      start(parent, resumeFrom);
    }
  } catch (error) {
    // Reading the parent's files failed: the chains in flight are cancelled, the error is the resource's.
    siblings.failed(error);
  }
  await Promise.all(running);
  siblings.throwIfFailed();
  if (stoppedAt === undefined && paused.length === 0) return { kind: 'done' };
  // Every parent was started when the loop ran out: `next` is past the last file.
  const end = { file: options.parentFiles.length, line: 0 };
  const next = stoppedAt === undefined ? end : compare(stoppedAt, resumeNext) < 0 ? resumeNext : stoppedAt;
  const open = [...paused, ...saved.values()].sort((a, b) => compare(a.parent, b.parent));
  return { kind: 'paused', position: { next, open } };
}
