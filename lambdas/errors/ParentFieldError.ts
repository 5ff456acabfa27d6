import { SluiceError } from './SluiceError';

/** A `{resources.<parent>.<field>}` placeholder, or `include_from_parent`, names a field the parent record does not have. */
export class ParentFieldError extends SluiceError {
  readonly code = 'parent_field_missing';
  readonly kind = 'run' as const;
  readonly hint =
    'Check the {resources.<parent>.<field>} placeholder against the parent records (`sluice run <source> --resources <parent> --max-pages 1` shows them).';

  constructor(
    /** The parent resource. */
    readonly parent: string,
    /** The field (JSONPath) the placeholder reads. */
    readonly field: string,
    /** The fields the parent record does have. */
    readonly available: readonly string[],
    /** For `include_from_parent`: the child field it was to be copied into. */
    readonly includedAs?: string,
  ) {
    const fields = available.length ? available.map((k) => JSON.stringify(k)).join(', ') : '(none)';
    super(
      includedAs
        ? // dlt's wording.
          `resource expects a field "${field}" to be present in the incoming data from resource "${parent}" in order to include it in child records under "${includedAs}"; available parent fields are: ${fields}`
        : `parent resource "${parent}" record has no field "${field}"; its fields: ${fields}`,
    );
  }
}
