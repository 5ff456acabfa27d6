import { SluiceError } from './SluiceError';

/**
 * A continued run found that another run of the same source committed while it
 * was between invocations; committing it too would give two runs the same `seq`
 * and the wrong incremental baseline. Rerun the source.
 */
export class RunConflictError extends SluiceError {
  readonly code = 'run_conflict';
  readonly kind = 'run' as const;
  readonly hint =
    'Another run of this source committed meanwhile; run the source again (its state starts from the newer commit).';

  constructor(
    readonly runId: string,
    /** The seq this run was to commit as. */
    readonly expectedSeq: number,
    /** The seq committed meanwhile. */
    readonly committedSeq: number,
  ) {
    super(
      `run ${runId} cannot continue: it was to commit as seq ${expectedSeq}, but another run committed seq ${committedSeq} meanwhile; ` +
        'run the source again (its state starts from the newer commit)',
    );
  }
}
