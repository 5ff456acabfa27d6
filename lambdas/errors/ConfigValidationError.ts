import { SluiceError } from './SluiceError';

/** One problem found in a source definition. */
export interface ConfigIssue {
  /** The JSON path of the field, e.g. `client.auth.token` or `resources[2].endpoint.paginator.type`. */
  readonly path: string;
  /** What is wrong and what is accepted. */
  readonly message: string;
}

/**
 * A source definition (or a CDK prop) is invalid. Every issue of the file is
 * reported together, each with its field path, so one edit fixes them all.
 */
export class ConfigValidationError extends SluiceError {
  readonly code = 'config_invalid';
  readonly kind = 'input' as const;
  readonly hint =
    'Fix the fields listed above (each line names its field path); `sluice validate <source>` checks a source without running it, and docs/writing-sources.md shows every block.';

  constructor(
    /** The file (or construct) the definition came from, when known. */
    readonly file: string | undefined,
    /** Every problem found. */
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      `${file ? `${file}: ` : ''}invalid source definition (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n'),
    );
  }
}
