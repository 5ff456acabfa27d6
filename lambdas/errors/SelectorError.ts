import { SluiceError } from './SluiceError';

/** A `data_selector` matched nothing on the first page of a resource. */
export class SelectorError extends SluiceError {
  readonly code = 'selector_no_match';
  readonly kind = 'run' as const;
  readonly hint =
    'Set `data_selector` on that resource to the path of the record list in the response (docs/writing-sources.md, "Data selection").';

  constructor(
    /** The resource whose records were looked for. */
    readonly resource: string,
    /** The selector as written. */
    readonly selector: string,
    /** The top-level keys the body did have. */
    readonly keys: readonly string[],
  ) {
    super(
      `resource "${resource}": data_selector "${selector}" matched nothing in the first response; ` +
        `top-level keys: ${keys.length ? keys.map((k) => JSON.stringify(k)).join(', ') : '(none)'}`,
    );
  }
}
