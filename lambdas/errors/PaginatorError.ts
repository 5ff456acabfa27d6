import { SluiceError } from './SluiceError';

/** A paginator cannot go on: no stop condition is left, or the response lacks what it needs. */
export class PaginatorError extends SluiceError {
  readonly code = 'paginator_invalid';
  readonly kind = 'run' as const;
  readonly hint =
    'Declare the paginator explicitly on the resource (docs/writing-sources.md, "Paginators"); --max-pages N limits a run while you experiment.';

  constructor(
    /** The paginator, as described in logs. */
    readonly paginator: string,
    message: string,
  ) {
    super(`${paginator}: ${message}`);
  }
}
