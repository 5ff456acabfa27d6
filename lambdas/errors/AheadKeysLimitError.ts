import { SluiceError } from './SluiceError';

/**
 * A resource was cut short by `max_pages` so often (or its truncated run wrote
 * so many records) that the identities of the records committed above its kept
 * state passed their limit. Committing more would make every later manifest
 * larger; dropping them would let the next run write those records a second
 * time. So the run fails, and commits nothing.
 */
export class AheadKeysLimitError extends SluiceError {
  readonly code = 'ahead_keys_limit';
  readonly kind = 'run' as const;
  readonly hint =
    'Run the resource once without max_pages / --max-pages, so that it reads its whole window and its state moves (or declare incremental.row_order "asc" if the API returns values in ascending order); the failed run left committed data and state untouched.';

  constructor(
    readonly resource: string,
    /** How many keys the state would hold, at least (a chain stops counting past the limit). */
    readonly count: number,
    readonly limit: number,
  ) {
    super(
      `resource "${resource}" was cut short by max_pages and keeps its previous state, and the records committed above that state would need more than ${limit} ahead keys to be kept out of the next run: ` +
        'run it once without max_pages so its state can move',
    );
  }
}
