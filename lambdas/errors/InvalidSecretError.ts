import { SluiceError } from './SluiceError';

/** One parameter whose value cannot be used as a secret. */
export interface InvalidSecret {
  readonly path: string;
  /** Why, e.g. `is a StringList` or `is empty`. */
  readonly reason: string;
}

/**
 * A secret parameter exists but its value cannot be used: a `StringList`
 * (whose commas would be silently sent as part of the credential) or an
 * empty value. The message names each parameter and never its value.
 */
export class InvalidSecretError extends SluiceError {
  readonly code = 'secret_invalid';
  readonly kind = 'input' as const;

  constructor(
    readonly invalid: readonly InvalidSecret[],
    /** Where, e.g. `SSM Parameter Store (region eu-west-1)` or `secrets file ./secrets.json`. */
    readonly location: string,
  ) {
    super(
      `unusable secret parameter${invalid.length === 1 ? '' : 's'} in ${location}:\n` +
        invalid.map((i) => `  - ${i.path} ${i.reason}`).join('\n') +
        '\nStore each secret as one non-empty String or SecureString value.',
    );
  }
}
