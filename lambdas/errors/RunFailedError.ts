import type { RunSummary } from '../run/RunSummary';
import { isSluiceError, SluiceError } from './SluiceError';
import type { SluiceErrorKind } from './SluiceErrorCode';

/** What to do about a failed run whose cause is not a sluice error (a defect, or a foreign error not wrapped). */
const RERUN_HINT = 'Rerun with --verbose for details; a failed run leaves its committed data and state untouched, so rerunning is safe.';

/**
 * A run failed against the API or storage. The failed manifest was written
 * (when the run was not a dry run) before this was thrown; `summary` is what
 * the run got done, and `cause` the original error.
 */
export class RunFailedError extends SluiceError {
  readonly code = 'run_failed';
  /** `input` when the cause was (a missing secret, say), so the CLI still exits 2; else `run`. */
  readonly kind: SluiceErrorKind;
  /** The cause's hint: the failure is the cause's, and so is the remedy. */
  readonly hint: string;

  constructor(
    /** The run's summary with `status: 'failed'` and `error`. */
    readonly summary: RunSummary,
    options: { cause?: unknown } = {},
  ) {
    super(`run ${summary.run_id} failed: ${summary.error ?? 'unknown error'}`, options);
    const cause = isSluiceError(options.cause) ? options.cause : undefined;
    this.kind = cause?.kind === 'input' ? 'input' : 'run';
    this.hint = cause?.hint ?? RERUN_HINT;
  }
}
