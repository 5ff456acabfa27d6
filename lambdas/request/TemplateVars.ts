import type { IncrementalValue } from '../config/placeholders';

/** The values placeholders are expanded with, for one request chain. */
export interface TemplateVars {
  /** The parent record, for `{resources.<parent>.<field>}`. */
  readonly parent?: Readonly<Record<string, unknown>>;
  /** The incremental values of this chain, for `{incremental.initial_value|start_value|end_value|last_value}`. */
  readonly incremental?: { readonly [K in IncrementalValue]?: unknown };
}
