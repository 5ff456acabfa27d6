import { SluiceError } from './SluiceError';

/** A paginator cannot go on: no stop condition is left, or the response lacks what it needs. */
export class PaginatorError extends SluiceError {
  readonly code = 'paginator_invalid';
  readonly kind = 'run' as const;

  constructor(
    /** The paginator, as described in logs. */
    readonly paginator: string,
    message: string,
  ) {
    super(`${paginator}: ${message}`);
  }
}
