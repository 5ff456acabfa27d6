import { SluiceError } from './SluiceError';

/** A paginator was sent the same next URL or cursor twice, or the same records twice: following it would loop forever. */
export class PaginationLoopError extends SluiceError {
  readonly code = 'pagination_loop';
  readonly kind = 'run' as const;
  readonly hint =
    'Declare the paginator explicitly on the resource (docs/writing-sources.md, "Paginators"); --max-pages N limits a run while you experiment.';

  constructor(
    /** The paginator, as described in logs, e.g. `cursor(cursor_param=after)`. */
    readonly paginator: string,
    /** The repeated next URL or cursor, secrets redacted. */
    readonly value: string,
    /** The resource, when known. */
    readonly resource?: string,
    /** Why it would loop. */
    readonly why = 'the API repeats its next page reference',
  ) {
    super(`${resource ? `resource "${resource}": ` : ''}${paginator} received ${value} a second time; stopping instead of looping forever (${why})`);
  }

  /** The same error naming its resource. */
  withResource(resource: string): PaginationLoopError {
    return new PaginationLoopError(this.paginator, this.value, resource, this.why);
  }
}
