/**
 * A value substituted into a `path`. dlt fills the path with `str.format`, so
 * a `/` in a parent value separates segments there (GitHub's
 * `full_name` `owner/repo` gives `repos/owner/repo/issues`); sluice keeps that.
 * Every segment of the value is percent-encoded, so `?`, `#`, `%`, spaces and
 * backslashes cannot change the URL's shape, and a `.` or `..` segment, which
 * a URL resolves away (`users/../admin` is `admin`), is refused.
 */
import { preview } from '../config/formatIssues';
import { PathValueError } from '../errors/PathValueError';
import { redactDeep } from '../secrets/Redactor';

/** Where a path value comes from, for the error that refuses it. */
export interface PathValueSource {
  /** The resource whose path is built. */
  readonly resource?: string;
  /** The placeholder as written, e.g. `{resources.issues.id}`. */
  readonly placeholder: string;
  /** The parent record, when the value came from one. */
  readonly parent?: unknown;
}

/**
 * Percent-encodes `value` for a path, segment by segment.
 * @throws PathValueError when a segment is `.` or `..`
 * @example encodePathValue('dlt-hub/dlt', source) // → 'dlt-hub/dlt'
 * @example encodePathValue('a b?c', source) // → 'a%20b%3Fc'
 */
export function encodePathValue(value: string, source: PathValueSource): string {
  const segments = value.split('/');
  if (segments.some((s) => s === '.' || s === '..')) {
    const record = source.parent === undefined ? undefined : preview(redactDeep(source.parent));
    throw new PathValueError(source.resource, source.placeholder, value, record);
  }
  return segments.map(encodeURIComponent).join('/');
}
