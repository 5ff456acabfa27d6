import { SluiceError } from './SluiceError';

/**
 * A record's cursor value is not of the resource's cursor type (a date-time in
 * a numeric cursor, a boolean, an object, an unparseable date): compared as
 * text it would move the state wrongly, so the run fails instead.
 */
export class CursorValueError extends SluiceError {
  readonly code = 'cursor_value_invalid';
  readonly kind = 'run' as const;
  readonly hint =
    'A cursor holds one type: numbers (42, "42") or ISO 8601 / RFC 3339 date-times (2026-01-31T00:00:00Z). Point `incremental.cursor_path` at a field of one type, set `incremental.datetime_format` for other date formats, or reset a state of another type with `sluice state <source> --reset --resources <resource>`.';

  constructor(
    readonly resource: string,
    /** Where the record is, e.g. `page 3, record 17`. */
    readonly position: number | string,
    readonly cursorPath: string,
    /** The value found, as JSON (shortened). */
    readonly value: string,
    /** What was expected, e.g. `a number (42, "42")`. */
    readonly expected: string,
  ) {
    super(
      `resource "${resource}", ${typeof position === 'number' ? `record #${position}` : position}: cursor value ${value} at cursor_path "${cursorPath}" is not ${expected}`,
    );
  }
}
