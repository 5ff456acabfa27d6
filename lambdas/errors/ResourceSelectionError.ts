import { SluiceError } from './SluiceError';

/** A run or check named a resource the source does not have. */
export class ResourceSelectionError extends SluiceError {
  readonly code = 'resource_unknown';
  readonly kind = 'input' as const;
  readonly hint =
    'Use resource names from the source (`sluice list` shows them) in --resources.';

  constructor(
    readonly source: string,
    /** The names asked for that do not exist. */
    readonly unknown: readonly string[],
    /** Every resource of the source. */
    readonly available: readonly string[],
  ) {
    super(`source "${source}" has no resource ${unknown.map((n) => `"${n}"`).join(', ')}; resources: ${available.join(', ')}`);
  }
}
