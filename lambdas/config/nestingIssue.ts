/**
 * Refuses definitions nested deeper than any real source is, before the schema
 * and the placeholder scan walk them recursively: a 20,000-level `json` body
 * would otherwise end validation with a stack overflow instead of a field path.
 */
import type { ConfigIssue } from '../errors/ConfigValidationError';
import { formatPath } from './formatIssues';

/** Deepest nesting accepted anywhere in a source definition (objects and arrays). */
export const MAX_DEFINITION_DEPTH = 64;

/** The issue for the first value nested deeper than {@link MAX_DEFINITION_DEPTH}, or undefined. Iterative on purpose. */
export function nestingIssue(input: unknown, maxDepth: number = MAX_DEFINITION_DEPTH): ConfigIssue | undefined {
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: PropertyKey[] };
    if (typeof value !== 'object' || value === null) continue;
    if (path.length > maxDepth) {
      return { path: formatPath(path.slice(0, maxDepth)), message: `nested more than ${maxDepth} levels deep; no source definition needs that` };
    }
    const entries: Array<[PropertyKey, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [key, child] of entries) stack.push({ value: child, path: [...path, key] });
  }
  return undefined;
}
