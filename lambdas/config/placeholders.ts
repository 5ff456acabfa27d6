/**
 * Placeholders in `path`, `params`, `json` and `headers`:
 * `{resources.<parent>.<field>}` (a parent record's field) and
 * `{incremental.start_value}` / `{incremental.end_value}`.
 * Finding them happens at validation; expanding them, per request, in
 * `lambdas/request/expandTemplate.ts`.
 */

/** Matches one placeholder; group 1 is its expression. */
export const PLACEHOLDER = /\{((?:resources\.[A-Za-z0-9_-]+\.[^{}]+)|(?:incremental\.(?:start_value|end_value)))\}/g;

/** A placeholder found in a definition. */
export type Placeholder =
  | { readonly kind: 'parent'; readonly resource: string; readonly field: string; readonly text: string }
  | { readonly kind: 'incremental'; readonly which: 'start_value' | 'end_value'; readonly text: string };

/** Parses one placeholder expression (without braces). */
export function parsePlaceholder(expression: string): Placeholder | undefined {
  if (expression === 'incremental.start_value' || expression === 'incremental.end_value') {
    return { kind: 'incremental', which: expression.slice('incremental.'.length) as 'start_value' | 'end_value', text: `{${expression}}` };
  }
  const m = /^resources\.([A-Za-z0-9_-]+)\.(.+)$/.exec(expression);
  if (m) return { kind: 'parent', resource: m[1], field: m[2], text: `{${expression}}` };
  return undefined;
}

/** Every placeholder in a string, in order. */
export function placeholdersIn(text: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const p = parsePlaceholder(m[1]);
    if (p) out.push(p);
  }
  return out;
}

/** Every placeholder anywhere inside a JSON-like value (keys are not templates). */
export function placeholdersDeep(value: unknown): Placeholder[] {
  if (typeof value === 'string') return placeholdersIn(value);
  if (Array.isArray(value)) return value.flatMap(placeholdersDeep);
  if (value && typeof value === 'object') return Object.values(value).flatMap(placeholdersDeep);
  return [];
}
