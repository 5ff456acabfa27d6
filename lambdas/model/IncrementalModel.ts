/**
 * `incremental` as the engine runs it, with dlt's defaults for its range
 * semantics (start closed, end open).
 */
import type { Located } from './Located';

/** A resource's incremental cursor. */
export interface IncrementalModel extends Located {
  /** JSONPath of the cursor value in each record. */
  readonly cursorPath: string;
  readonly initialValue: string | number | undefined;
  /** Set: a stateless window `[initialValue, endValue)`; the stored state does not move. */
  readonly endValue: string | number | undefined;
  /** Query parameter (or dlt `incremental` param name) that receives the start value. */
  readonly startParam: string | undefined;
  readonly endParam: string | undefined;
  /** Re-read this far behind the last value: seconds for date-times, units for numbers. */
  readonly lag: number;
  /** A record without the cursor value: fail the resource, keep it, or drop it. */
  readonly onCursorValueMissing: 'raise' | 'include' | 'exclude';
  /** dlt's `range_start` (default closed) and `range_end` (default open). */
  readonly rangeStart: 'open' | 'closed';
  readonly rangeEnd: 'open' | 'closed';
  /** The order the API returns records in, when declared. */
  readonly rowOrder: 'asc' | 'desc' | undefined;
  /** `datetime_format` for date-times that are not ISO 8601. */
  readonly datetimeFormat: string | undefined;
  /** dlt's `convert` (TypeScript sources): applied to the start and end values before they are sent. */
  readonly convert: ((value: unknown) => unknown) | undefined;
}
