import { SluiceError } from './SluiceError';

/** A path in the source (`data_selector`, `cursor_path`, …) is not a valid JSONPath. */
export class JsonPathError extends SluiceError {
  readonly code = 'jsonpath_invalid';
  readonly kind = 'input' as const;
  readonly hint =
    'Fix the JSONPath named above (RFC 9535; `data`, `$.data` and `$.data[-1].id` are all valid forms).';

  constructor(
    /** The path as written. */
    readonly path: string,
    /** The parser's explanation. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`"${path}" is not a valid JSONPath (RFC 9535): ${detail}`, options);
  }
}
