import { SluiceError } from './SluiceError';

/** A state change (`sluice state --reset|--set`, `{"mode": "state"}`) that cannot be applied as asked. */
export class StateChangeError extends SluiceError {
  readonly code = 'state_change_invalid';
  readonly kind = 'input' as const;
  readonly hint =
    '`sluice state <source>` shows every resource and its committed state; --set takes <resource>=<value> for an incremental top-level resource, --reset [--resources a,b] clears state back to initial_value.';

  constructor(
    readonly source: string,
    /** Each problem, naming the resource and the value. */
    readonly problems: readonly string[],
  ) {
    super(`cannot change the state of source "${source}": ${problems.join('; ')}`);
  }
}
