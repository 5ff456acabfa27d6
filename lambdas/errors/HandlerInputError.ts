import { SluiceError } from './SluiceError';

/** The Lambda handler received a payload it does not accept (an unknown field, a wrong type, an unknown resource). */
export class HandlerInputError extends SluiceError {
  readonly code = 'handler_input_invalid';
  readonly kind = 'input' as const;

  constructor(
    /** Each problem, with the payload field it concerns. */
    readonly problems: readonly string[],
  ) {
    super(`invalid invocation payload: ${problems.join('; ')}`);
  }
}
