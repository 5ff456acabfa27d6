import { SluiceError } from './SluiceError';

/**
 * The secret store refused to read (or write back) a parameter: the role lacks
 * an IAM permission. The message names the parameter(s) and the refused action
 * (`ssm:GetParameters`, `kms:Decrypt`, `ssm:PutParameter`) so the policy can be fixed.
 */
export class SecretAccessDeniedError extends SluiceError {
  readonly code = 'secret_access_denied';
  readonly kind = 'input' as const;
  readonly hint =
    'Grant the IAM action named above to the credentials you run with (AWS_PROFILE), or run locally with --secrets-file FILE.';

  constructor(
    /** The parameters the refused call asked for. */
    readonly parameters: readonly string[],
    /** The refused IAM action, e.g. `ssm:GetParameters` or `kms:Decrypt`. */
    readonly action: string,
    /** Where, e.g. `SSM Parameter Store (region eu-west-1)`. */
    readonly location: string,
    options?: { cause?: unknown },
  ) {
    super(
      `access denied to secret parameter${parameters.length === 1 ? '' : 's'} ${parameters.join(', ')} in ${location}: ` +
        `the role is not allowed ${action}; grant ${action} on ${parameters.length === 1 ? 'it' : 'them'}` +
        (action === 'kms:Decrypt' ? ' (on the KMS key that encrypts the SecureString)' : ''),
      options,
    );
  }
}
