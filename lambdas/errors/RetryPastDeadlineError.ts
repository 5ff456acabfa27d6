import { SluiceError } from './SluiceError';

/**
 * A retry wait (backoff or the server's `Retry-After`), or a wait for the
 * source's request budget (a source-wide pause after a 429, a rate-limit slot),
 * would end after the invocation's deadline minus `run.safety_margin_ms`. The run loop catches it
 * and continues in a new invocation from the last page written; where no
 * continuation is possible (a local run with a deadline, a dry run) it fails the
 * run, cleanly, instead of being killed mid-wait.
 */
export class RetryPastDeadlineError extends SluiceError {
  readonly code = 'retry_past_deadline';
  readonly kind = 'run' as const;
  readonly hint =
    'A deployed run continues in a new invocation from the last page written; where it cannot (a dry run), raise deploy.timeout_seconds or lower client.retries.max_delay_ms.';

  constructor(
    /** `METHOD url`, secrets redacted. */
    readonly request: string,
    /** The wait the retry asked for. */
    readonly waitMs: number,
    /** Time left before the safety margin when the wait was due. */
    readonly leftMs: number,
    /** What the wait is: `the retry wait`, `the source-wide pause`, `the rate-limit wait`. */
    readonly wait: string = 'the retry wait',
  ) {
    super(
      `${request}: ${wait} of ${Math.round(waitMs)} ms would outlast this invocation (${Math.max(0, leftMs)} ms left before run.safety_margin_ms); ` +
        'the run continues in a new invocation where it can, and fails here where it cannot',
    );
  }
}
