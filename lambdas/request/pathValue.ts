/**
 * A value substituted into a `path`. dlt fills the path with `str.format`, so
 * a `/` in a parent value separates segments there (GitHub's
 * `full_name` `owner/repo` gives `repos/owner/repo/issues`); sluice keeps that.
 * Every segment of the value is percent-encoded, so `?`, `#`, `%`, spaces and
 * backslashes cannot change the URL's shape, and a `.` or `..` segment, which
 * a URL resolves away (`users/../admin` is `admin`), is refused: in the value
 * itself, and where the value forms one with the path text around it.
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

/** One piece of an expanded path: text as written, or a value substituted into it (already encoded). */
export interface PathPiece {
  /** The piece as it goes into the path. */
  readonly text: string;
  /** Set for a substituted value: where it came from and what it was before encoding. */
  readonly value?: { readonly raw: string; readonly source: PathValueSource };
}

// What a URL parser resolves as `.` or `..` (WHATWG: `%2e` counts as a dot).
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * Joins the pieces of a path, refusing a `.` or `..` segment that a substituted
 * value helped to form, together with the text around it: `a/{x}./b` with x
 * `""` (`a/./b`) or x `"."` (`a/../b`), `{x}./b` with x `"a/"`. A dot segment
 * written by the user alone is theirs and kept; nothing after a literal `?` or
 * `#` is a path segment.
 * @throws PathValueError naming the first value that formed a dot segment
 * @example joinPathPieces([{ text: 'users/' }, { text: '7', value }]) // → 'users/7'
 */
export function joinPathPieces(pieces: readonly PathPiece[]): string {
  let segment = '';
  let touched: PathPiece['value'][] = [];
  let inPath = true;
  const close = (): void => {
    const [culprit] = touched;
    if (culprit && DOT_SEGMENT.test(segment)) {
      const { raw, source } = culprit;
      const record = source.parent === undefined ? undefined : preview(redactDeep(source.parent));
      throw new PathValueError(source.resource, source.placeholder, raw, record);
    }
    segment = '';
    touched = [];
  };
  for (const piece of pieces) {
    if (!inPath) continue;
    // A value is encoded, so only literal text can end the path with `?` or `#`.
    const end = piece.value ? -1 : piece.text.search(/[?#]/);
    const text = end >= 0 ? piece.text.slice(0, end) : piece.text;
    const parts = text.split('/');
    parts.forEach((part, i) => {
      if (i > 0) close();
      segment += part;
      if (piece.value) touched.push(piece.value);
    });
    if (end >= 0) {
      close();
      inPath = false;
    }
  }
  if (inPath) close();
  return pieces.map((p) => p.text).join('');
}
