import { SluiceError } from './SluiceError';

/** The Lambda handler received a payload it does not accept (an unknown field, a wrong type, an unknown resource). */
export class HandlerInputError extends SluiceError {
  readonly code = 'handler_input_invalid';
  readonly kind = 'input' as const;
  readonly hint =
    'Invoke with a payload the handler accepts, {"mode":"run"|"check", "resources"?, "max_pages"?, "from"?, "to"?, "dry_run"?} or {"mode":"state", "reset"?, "resources"?, "set"?} (README, "Manual payloads"), or deploy again with `npx cdk deploy` if the environment is incomplete.';

  constructor(
    /** Each problem, with the payload field it concerns. */
    readonly problems: readonly string[],
  ) {
    super(`invalid invocation payload: ${problems.join('; ')}`);
  }
}
