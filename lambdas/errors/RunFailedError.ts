import type { RunSummary } from '../run/RunSummary';
import { isSluiceError, SluiceError } from './SluiceError';

/**
 * A run failed against the API or storage. The failed manifest was written
 * (when the run was not a dry run) before this was thrown; `summary` is what
 * the run got done, and `cause` the original error.
 */
export class RunFailedError extends SluiceError {
  readonly code = 'run_failed';
  /** `input` when the cause was (a missing secret, say), so the CLI still exits 2; else `run`. */
  readonly kind: 'input' | 'run';

  constructor(
    /** The run's summary with `status: 'failed'` and `error`. */
    readonly summary: RunSummary,
    options: { cause?: unknown } = {},
  ) {
    super(`run ${summary.run_id} failed: ${summary.error ?? 'unknown error'}`, options);
    this.kind = isSluiceError(options.cause) && options.cause.kind === 'input' ? 'input' : 'run';
  }
}
