import { SluiceError } from './SluiceError';

/** One parameter that could not be found, with every field that refers to it. */
export interface MissingSecret {
  /** The SSM parameter path (or the key in the secrets file). */
  readonly path: string;
  /** The config fields that refer to it, e.g. `client.auth.client_secret`. */
  readonly fields: readonly string[];
}

/**
 * Secret references of a source point to parameters that do not exist. Raised
 * once, before any API request, naming every missing parameter together, so
 * one round of `put-parameter` fixes them all.
 */
export class MissingSecretError extends SluiceError {
  readonly code = 'secret_missing';
  readonly kind = 'input' as const;
  readonly hint =
    'Create each parameter as shown above, or run locally with --secrets-file FILE, a JSON object mapping each parameter path to its value (SSM is then not consulted).';

  constructor(
    /** Every missing parameter. */
    readonly missing: readonly MissingSecret[],
    /** Where they were looked up, e.g. `SSM Parameter Store (region eu-west-1)` or `secrets file ./secrets.json`. */
    readonly location: string,
    /** How to create one parameter, e.g. the `aws ssm put-parameter` command. */
    howToCreate: (path: string) => string,
  ) {
    const n = missing.length;
    super(
      `${n} secret parameter${n === 1 ? '' : 's'} not found in ${location}:\n` +
        missing.map((m) => `  - ${m.path} (referred to by ${m.fields.join(', ') || 'an unknown field'})\n    create it: ${howToCreate(m.path)}`).join('\n'),
    );
  }
}
