import { SluiceError } from './SluiceError';

/**
 * The `--secrets-file` cannot be read, is not JSON, or is not an object
 * mapping parameter paths to string values. Never quotes the file's content.
 */
export class SecretsFileError extends SluiceError {
  readonly code = 'secrets_file_invalid';
  readonly kind = 'input' as const;
  readonly hint =
    'A secrets file is a JSON object mapping SSM parameter paths to non-empty strings, e.g. {"/sluice/acme/api_token": "..."}.';

  constructor(
    /** The file as given. */
    readonly file: string,
    /** What is wrong. */
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`secrets file ${file}: ${problem}; expected a JSON object mapping parameter paths to values, e.g. {"/sluice/acme/api_token": "..."}`, options);
  }
}
