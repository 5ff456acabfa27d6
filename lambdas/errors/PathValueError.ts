import { SluiceError } from './SluiceError';

/** A value from an API may be long; the message keeps its start. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}… (${text.length} characters)` : text;
}

/**
 * A value substituted into a child resource's `path` would make the URL point
 * somewhere else: it has a `.` or `..` segment (`users/../admin`). The request
 * is not sent.
 */
export class PathValueError extends SluiceError {
  readonly code = 'path_value_refused';
  readonly kind = 'run' as const;
  readonly hint =
    'The API returned a value that cannot be part of a URL path; check the parent records (`sluice run <source> --resources <parent> --max-pages 1`) or read the value from another field.';

  constructor(
    /** The resource whose path the value went into. */
    readonly resource: string | undefined,
    /** The placeholder, e.g. `{resources.issues.id}`. */
    readonly placeholder: string,
    /** The refused value. */
    readonly value: string,
    /** The parent record the value came from, as clipped JSON (secrets redacted); undefined for other placeholders. */
    readonly parentRecord: string | undefined,
  ) {
    super(
      `${resource ? `resource "${resource}": ` : ''}${placeholder} is ${clip(JSON.stringify(value))}` +
        `${parentRecord !== undefined ? ` in parent record ${parentRecord}` : ''}, ` +
        'which would put a "." or ".." segment into the path; the request was not sent',
    );
  }
}
