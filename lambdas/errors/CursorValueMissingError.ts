import { SluiceError } from './SluiceError';

/** A record lacks the incremental cursor field and `on_cursor_value_missing` is `raise`. */
export class CursorValueMissingError extends SluiceError {
  readonly code = 'cursor_value_missing';
  readonly kind = 'run' as const;
  readonly hint =
    'Fix `incremental.cursor_path`, or set `incremental.on_cursor_value_missing` to "include" or "exclude".';

  constructor(
    /** The incremental `cursor_path`. */
    readonly cursorPath: string,
    /** Where the record is: a 0-based index or e.g. `page 3, record 17`. */
    readonly position: number | string,
    /** The record's top-level keys. */
    readonly keys: readonly string[],
  ) {
    super(
      `record ${typeof position === 'number' ? `#${position}` : `at ${position}`} has no value at cursor_path "${cursorPath}" (its fields: ${keys.map((k) => JSON.stringify(k)).join(', ') || '(none)'}); ` +
        'set incremental.on_cursor_value_missing to "include" or "exclude" to accept such records',
    );
  }
}
