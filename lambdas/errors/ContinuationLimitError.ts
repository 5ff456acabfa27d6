import { SluiceError } from './SluiceError';

/**
 * A run needed more invocations than `run.max_continuations` allows. Raise the
 * limit, the Lambda timeout, or narrow the run (`resources`, incremental).
 */
export class ContinuationLimitError extends SluiceError {
  readonly code = 'continuation_limit';
  readonly kind = 'run' as const;
  readonly hint =
    'Raise run.max_continuations or deploy.timeout_seconds, or narrow the run (--resources, incremental loading); the failed run left committed data and state untouched.';

  constructor(
    readonly runId: string,
    /** The configured `run.max_continuations`. */
    readonly limit: number,
  ) {
    super(
      `run ${runId} would need continuation ${limit + 1}, but run.max_continuations is ${limit}: ` +
        'raise run.max_continuations or deploy.timeout_seconds, or run fewer resources per invocation',
    );
  }
}
