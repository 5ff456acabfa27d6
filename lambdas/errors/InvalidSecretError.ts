import { SluiceError } from './SluiceError';

/** One parameter whose value cannot be used as a secret. */
export interface InvalidSecret {
  readonly path: string;
  /** Why, e.g. `is a StringList` or `is empty`. */
  readonly reason: string;
  /** The config fields that refer to it, e.g. `client.auth.token`, when known. */
  readonly fields?: readonly string[];
}

/**
 * A secret parameter exists but its value cannot be used: a `StringList`
 * (whose commas would be silently sent as part of the credential) or an
 * empty value. The message names each parameter and never its value.
 */
export class InvalidSecretError extends SluiceError {
  readonly code = 'secret_invalid';
  readonly kind = 'input' as const;
  readonly hint =
    'A secrets file is a JSON object mapping SSM parameter paths to non-empty strings, e.g. {"/sluice/acme/api_token": "..."}.';

  constructor(
    readonly invalid: readonly InvalidSecret[],
    /** Where, e.g. `SSM Parameter Store (region eu-west-1)` or `secrets file ./secrets.json`. */
    readonly location: string,
  ) {
    super(
      `unusable secret parameter${invalid.length === 1 ? '' : 's'} in ${location}:\n` +
        invalid.map((i) => `  - ${i.path}${i.fields?.length ? ` (referred to by ${i.fields.join(', ')})` : ''} ${i.reason}`).join('\n') +
        '\nStore each secret as one non-empty String or SecureString value.',
    );
  }

  /** The same error with the config fields that refer to each parameter (the store does not know them). */
  withFields(fieldsOf: ReadonlyMap<string, readonly string[]>): InvalidSecretError {
    return new InvalidSecretError(
      this.invalid.map((i) => ({ ...i, fields: i.fields ?? fieldsOf.get(i.path) })),
      this.location,
    );
  }
}
