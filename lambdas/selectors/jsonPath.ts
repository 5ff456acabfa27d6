/**
 * JSONPath as the contract defines it: RFC 9535 (evaluated by json-p3), with or
 * without the leading `$`, plus dlt-style bare keys that are not valid
 * shorthand (`many-results` → `$['many-results']`, `a.b-c` → `$.a['b-c']`).
 * Each path is compiled once and cached.
 */
import { jsonpath, type JSONPathQuery } from 'json-p3';
import { JsonPathError } from '../errors/JsonPathError';

const cache = new Map<string, JSONPathQuery>();

// RFC 9535 member-name-shorthand, optionally followed by bracketed selectors (`data[-1]`, `items[*]`).
const SHORTHAND_SEGMENT = /^(?:[A-Za-z_\u0080-\uFFFF][A-Za-z0-9_\u0080-\uFFFF]*|\*)(?:\[[^\]]*\])*$/;

function splitSegments(path: string): string[] {
  const out: string[] = [];
  let current = '';
  let depth = 0;
  let quote: string | undefined;
  for (const ch of path) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      if (depth > 0) quote = ch;
    } else if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (ch === '.' && depth === 0) {
      out.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  out.push(current);
  return out;
}

/**
 * A member name as an RFC 9535 bracketed name selector, quotes and backslashes escaped.
 * @example bracketedName("@odata.nextLink") === "['@odata.nextLink']"
 */
export function bracketedName(key: string): string {
  return `['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/**
 * Rewrites a path from the source into RFC 9535 syntax.
 * @example normalizeJsonPath('data') === '$.data'; normalizeJsonPath('a.b-c') === "$.a['b-c']"
 */
export function normalizeJsonPath(path: string): string {
  const trimmed = path.trim();
  if (trimmed.startsWith('$')) return trimmed;
  if (trimmed.startsWith('[')) return `$${trimmed}`;
  return (
    '$' +
    splitSegments(trimmed)
      .map((segment) => (SHORTHAND_SEGMENT.test(segment) ? `.${segment}` : segment.startsWith('[') ? segment : bracketedName(segment)))
      .join('')
  );
}

/** Compiles (once) a path from the source. @throws JsonPathError when it is not valid JSONPath. */
export function compileJsonPath(path: string): JSONPathQuery {
  let query = cache.get(path);
  if (query) return query;
  try {
    query = jsonpath.compile(normalizeJsonPath(path));
  } catch (error) {
    throw new JsonPathError(path, (error as Error).message, { cause: error });
  }
  cache.set(path, query);
  return query;
}

/** Every value `path` selects in `data`, in document order. */
export function queryAll(path: string, data: unknown): unknown[] {
  return compileJsonPath(path).query(data as never).values();
}

/** The first value `path` selects; `found` tells a missing path from one holding `null`. */
export function queryFirst(path: string, data: unknown): { found: boolean; value: unknown } {
  const nodes = compileJsonPath(path).query(data as never).nodes;
  return nodes.length === 0 ? { found: false, value: undefined } : { found: true, value: nodes[0].value };
}
