import { SluiceError } from './SluiceError';

/**
 * A bound of the incremental window (`initial_value`, `end_value`, a backfill's
 * `from`/`to`, or the committed state) is not of the resource's cursor type.
 * Found before the resource's first request.
 */
export class CursorBoundError extends SluiceError {
  readonly code = 'cursor_bound_invalid';
  readonly kind = 'input' as const;
  readonly hint =
    'Give window bounds of the cursor\'s type: a number (42) or an ISO 8601 / RFC 3339 date or date-time (2026-01-31, 2026-01-31T00:00:00Z). A committed state of another type (the cursor changed) is cleared with `sluice state <source> --reset --resources <resource>`.';

  constructor(
    readonly resource: string,
    /** What holds the bound: `initial_value`, `end_value`, `from`, `to`, `the committed state`. */
    readonly field: string,
    /** The bound, as JSON (shortened). */
    readonly value: string,
    /** What was expected. */
    readonly expected: string,
  ) {
    super(`resource "${resource}": ${field} ${value} is not ${expected}`);
  }
}
