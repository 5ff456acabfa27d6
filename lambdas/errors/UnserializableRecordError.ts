import { SluiceError } from './SluiceError';

/**
 * A record the API returned cannot be written as one JSON line: it is nested
 * deeper than JSON serialization can follow (thousands of levels), or too large
 * for one string. The run fails cleanly instead of dying on a stack overflow.
 */
export class UnserializableRecordError extends SluiceError {
  readonly code = 'record_unserializable';
  readonly kind = 'run' as const;
  readonly hint =
    "The API returned a record no JSON line can hold; exclude that resource (--resources) or narrow its request, and report the API's behaviour upstream.";

  constructor(
    /** The resource the record belongs to. */
    readonly resource: string,
    /** Where in the chain, e.g. `page 3, record 17`. */
    readonly where: string,
    options?: { cause?: unknown },
  ) {
    const reason = options?.cause instanceof Error ? options.cause.message : String(options?.cause);
    super(`resource "${resource}": ${where} cannot be written as JSON (${reason}): it is nested too deeply or too large for one JSON line`, options);
  }
}
