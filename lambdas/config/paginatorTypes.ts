/**
 * The names of the built-in paginators. Kept apart from `schema.ts` (which
 * uses it), so that the engine can name them (in the error of an unknown custom
 * type) without loading zod and building the source schema, as `authTypes.ts`
 * does for auth.
 */

/** Built-in `paginator.type` values (`json_response` is dlt's old name of `json_link`); anything else must be registered with `registerPaginator`. */
export const BUILT_IN_PAGINATOR_TYPES = [
  'json_link',
  'json_response',
  'header_link',
  'offset',
  'page_number',
  'cursor',
  'header_cursor',
  'single_page',
  'auto',
] as const;

/** True for a built-in paginator type name. */
export function isBuiltInPaginatorType(type: string): type is (typeof BUILT_IN_PAGINATOR_TYPES)[number] {
  return (BUILT_IN_PAGINATOR_TYPES as readonly string[]).includes(type);
}
