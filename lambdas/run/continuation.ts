/**
 * Runs longer than one invocation: the engine watches the time left, and when
 * less than the safety margin remains it saves a checkpoint and hands the run to
 * a new invocation of its own function, which resumes under the same run id.
 */
import { ContinuationLimitError } from '../errors/ContinuationLimitError';
import type { Logger } from '../observability/Logger';
import type { ObjectStore } from '../sink/ObjectStore';
import type { Checkpoint } from '../commit/checkpoint';
import { writeCheckpoint } from '../commit/checkpoint';
import { checkpointKey } from '../commit/layout';

/** Options of {@link pauseWatcher}. */
export interface PauseWatcherOptions {
  readonly remainingTimeMs?: () => number;
  readonly continueRun?: (checkpointKey: string) => Promise<void>;
  /** `run.safety_margin_ms`. */
  readonly safetyMarginMs: number;
  /** A dry run writes no checkpoint, so it never pauses. */
  readonly dryRun: boolean;
}

/** True when this invocation can hand the run to a new one: it knows its time left and how to continue, and is not a dry run. */
export function canContinue(options: Omit<PauseWatcherOptions, 'safetyMarginMs'>): boolean {
  return !options.dryRun && options.remainingTimeMs !== undefined && options.continueRun !== undefined;
}

/** A predicate: true once this invocation should stop after the page in flight. */
export function pauseWatcher(options: PauseWatcherOptions): () => boolean {
  const { remainingTimeMs, safetyMarginMs } = options;
  if (!canContinue(options) || !remainingTimeMs) return () => false;
  return () => remainingTimeMs() < safetyMarginMs;
}

/** Options of {@link handOff}. */
export interface HandOffOptions {
  readonly store: ObjectStore;
  readonly prefix: string;
  /** The run's state so far; `invocation` is the number of the invocation that will resume it. */
  readonly checkpoint: Checkpoint;
  /** `run.max_continuations`. */
  readonly maxContinuations: number;
  readonly continueRun: (checkpointKey: string) => Promise<void>;
  readonly logger: Logger;
}

/**
 * Writes the checkpoint and starts the next invocation.
 * @returns the checkpoint key
 * @throws ContinuationLimitError when the chain would grow past `max_continuations`
 */
export async function handOff(options: HandOffOptions): Promise<string> {
  const { checkpoint } = options;
  if (checkpoint.invocation > options.maxContinuations) throw new ContinuationLimitError(checkpoint.run_id, options.maxContinuations);
  const key = checkpointKey(options.prefix, checkpoint.source, checkpoint.run_id);
  await writeCheckpoint(options.store, key, checkpoint);
  options.logger.info('continuing in a new invocation', {
    checkpoint_key: key,
    continuation: checkpoint.invocation,
    resource_in_progress: checkpoint.current?.resource,
  });
  await options.continueRun(key);
  return key;
}
