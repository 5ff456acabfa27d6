/** The values placeholders are expanded with, for one request chain. */
export interface TemplateVars {
  /** The parent record, for `{resources.<parent>.<field>}`. */
  readonly parent?: Readonly<Record<string, unknown>>;
  /** The incremental window, for `{incremental.start_value}` / `{incremental.end_value}`. */
  readonly incremental?: { readonly start_value?: unknown; readonly end_value?: unknown };
}
