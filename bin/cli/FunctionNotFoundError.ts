import { SluiceError } from '../../lambdas/errors/SluiceError';

/** `sluice invoke` found no deployed function for the source (exit 2: nothing was invoked). */
export class FunctionNotFoundError extends SluiceError {
  readonly code = 'function_not_found';
  readonly kind = 'input' as const;
  readonly hint =
    'Deploy the source with `npx cdk deploy`, check AWS_REGION/AWS_PROFILE, or name the function with --function.';

  constructor(
    /** The source name looked for. */
    readonly source: string,
    /** Where it was looked for, e.g. `region eu-west-1, stack SluiceStack`. */
    readonly where: string,
  ) {
    super(
      `no deployed function for source "${source}" (looked for the tag sluice:source=${source} and the environment variable SLUICE_SOURCE=${source} in ${where}); ` +
        'deploy it with `npx cdk deploy`, check AWS_REGION/AWS_PROFILE, or name the function with --function',
    );
  }
}
