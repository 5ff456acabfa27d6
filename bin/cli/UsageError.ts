import { SluiceError } from '../../lambdas/errors/SluiceError';

/**
 * The command line itself is wrong: an unknown command or flag, a missing
 * argument, a value of the wrong form. Found before any request (exit code 2).
 */
export class UsageError extends SluiceError {
  readonly code = 'usage';
  readonly kind = 'input' as const;
  readonly hint =
    'Run `sluice help` for every command and flag.';

  constructor(
    message: string,
    /** The usage line of the command, shown under the message. */
    readonly usage?: string,
  ) {
    super(message);
  }
}
