import { SluiceError } from './SluiceError';

/** A `{resources.<parent>.<field>}` placeholder names a field the parent record does not have. */
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
  ) {
    super(
      `parent resource "${parent}" record has no field "${field}"; ` +
        `its fields: ${available.length ? available.map((k) => JSON.stringify(k)).join(', ') : '(none)'}`,
    );
  }
}
