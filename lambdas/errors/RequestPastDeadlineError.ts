import { SluiceError } from './SluiceError';

/**
 * A request was due to start with less than `run.safety_margin_ms` left in the
 * invocation (a redirect hop, a page fetched ahead, a resend after a new token,
 * a token request, after a slow page ate the time). It is not sent, because it
 * could still be in flight when the function is killed. The run loop treats it
 * like `RetryPastDeadlineError`: the run continues in a new invocation from
 * the last page written, or fails cleanly where it cannot continue.
 */
export class RequestPastDeadlineError extends SluiceError {
  readonly code = 'request_past_deadline';
  readonly kind = 'run' as const;
  readonly hint =
    'A deployed run continues in a new invocation from the last page written; where it cannot (a dry run, a local run given a deadline), raise deploy.timeout_seconds or lower client.timeout_ms.';

  constructor(
    /** `METHOD url`, secrets redacted. */
    readonly request: string,
    /** Time left in the invocation when the request was due. */
    readonly remainingMs: number,
    /** `run.safety_margin_ms`. */
    readonly safetyMarginMs: number,
  ) {
    super(
      `${request}: not sent, as only ${Math.max(0, remainingMs)} ms are left in this invocation, less than run.safety_margin_ms (${safetyMarginMs} ms); ` +
        'the run continues in a new invocation where it can, and fails here where it cannot',
    );
  }
}

