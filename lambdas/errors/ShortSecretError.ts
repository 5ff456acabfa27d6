import { SluiceError } from './SluiceError';

/** One credential parameter whose value is too short. */
export interface ShortSecret {
  /** The SSM parameter path (or the key in the secrets file). */
  readonly path: string;
  /** The config fields that use it as a credential, e.g. `client.auth.token`. */
  readonly fields: readonly string[];
  readonly length: number;
}

/**
 * A credential resolved from a secret parameter is shorter than the Redactor's
 * minimum: a value that short also occurs in ordinary data, so it could be
 * neither scrubbed reliably nor scrubbed without rewriting records. The message
 * names each parameter and its length, never its value.
 */
export class ShortSecretError extends SluiceError {
  readonly code = 'secret_invalid';
  readonly kind = 'input' as const;
  readonly hint =
    'Use a longer credential, or set "allow_short_secrets": true in the source to accept it; it is then redacted only where it stands whole (a string value equal to it, a word of a log line).';

  constructor(
    readonly short: readonly ShortSecret[],
    readonly minimum: number,
    /** Where they were read, e.g. `SSM Parameter Store (region eu-west-1)`. */
    readonly location: string,
  ) {
    super(
      `credential${short.length === 1 ? '' : 's'} shorter than ${minimum} characters in ${location}:\n` +
        short.map((s) => `  - ${s.path} (referred to by ${s.fields.join(', ')}) has ${s.length} character${s.length === 1 ? '' : 's'}`).join('\n'),
    );
  }
}
