/**
 * Finds the records in a response body: through `data_selector` when the
 * resource declares one, else by detection (a top-level array, else the first
 * array under a conventional key, at the top level and then, as dlt's detector
 * looks, up to three levels down; else the object itself as one record).
 */
import { queryFirst, queryAll } from './jsonPath';

/** The keys searched, in order, for the records list when no `data_selector` is declared. */
export const RECORD_KEYS: readonly string[] = Object.freeze([
  'data',
  'items',
  'results',
  'records',
  'entries',
  'rows',
  'objects',
  'values',
  'content',
  'payload',
  // OData (Microsoft Graph, Dynamics) puts the list under `value`.
  'value',
  // dlt's detector knows this one too.
  'entities',
]);

/** Keys dlt's detector never takes records from. */
const NON_RECORD_KEYS: ReadonlySet<string> = new Set(['meta', 'metadata', 'pagination', 'links', 'extras', 'headers']);

/** dlt looks for lists at most this many keys deep. */
const DLT_LIST_DEPTH = 3;

/** What {@link selectRecords} needs to know besides the body. */
export interface SelectOptions {
  /** The resource, named in errors. */
  readonly resource: string;
  /** The declared `data_selector`, if any. */
  readonly dataSelector: string | undefined;
  /** True for the first page of a request chain: a selector that matches nothing there is reported. */
  readonly firstPage: boolean;
}

/** The records of one page. */
export interface Selection {
  readonly records: unknown[];
  /** True when the selector's path did not exist on the page: the chain ends. */
  readonly missing: boolean;
  /** On the first page, when the selector's path did not exist in a non-empty body: the body's top-level keys, for the warning. */
  readonly absentOnFirstPage?: readonly string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecords(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** dlt's `find_all_lists` narrowed to conventional keys: the keys down to the first list under one, depth first, at most {@link DLT_LIST_DEPTH} keys deep. */
function nestedListKeys(object: Record<string, unknown>, depth: number): string[] | undefined {
  for (const [key, value] of Object.entries(object)) {
    if (Array.isArray(value) && RECORD_KEYS.includes(key)) return [key];
    if (isPlainObject(value) && depth < DLT_LIST_DEPTH && !NON_RECORD_KEYS.has(key)) {
      const found = nestedListKeys(value, depth + 1);
      if (found) return [key, ...found];
    }
  }
  return undefined;
}

/**
 * Where detection finds the records of a body: `list` the keys down to the
 * records list (empty for a top-level array), `empty` for a body that holds no
 * record (a conventional key holding null, `{}`), `whole` when the body itself
 * is the one record. `sluice init` writes a found list's keys as the
 * `data_selector`, so the source selects what a run would detect.
 */
export type DetectedRecords = { readonly kind: 'list'; readonly keys: readonly string[] } | { readonly kind: 'empty' } | { readonly kind: 'whole' };

/** Detection's answer for `body` (see {@link DetectedRecords}). */
export function detectRecords(body: unknown): DetectedRecords {
  if (Array.isArray(body)) return { kind: 'list', keys: [] };
  if (!isPlainObject(body)) return body === null || body === undefined ? { kind: 'empty' } : { kind: 'whole' };
  for (const key of RECORD_KEYS) {
    if (Array.isArray(body[key])) return { kind: 'list', keys: [key] };
  }
  // A conventional key holding null is an empty last page, not a record.
  if (RECORD_KEYS.some((key) => key in body && body[key] === null)) return { kind: 'empty' };
  const nested = nestedListKeys(body, 1);
  if (nested) return { kind: 'list', keys: nested };
  return Object.keys(body).length === 0 ? { kind: 'empty' } : { kind: 'whole' };
}

function detect(body: unknown): unknown[] {
  const found = detectRecords(body);
  if (found.kind === 'empty') return [];
  if (found.kind === 'whole') return [body];
  return found.keys.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], body) as unknown[];
}

/**
 * Selects the records of one response body. A `data_selector` path that does
 * not exist yields no records and ends the chain, as in dlt; on the first page
 * of a non-empty body the selection says so, with the keys that are there.
 */
export function selectRecords(body: unknown, options: SelectOptions): Selection {
  if (body === null || body === undefined) return { records: [], missing: false };
  if (options.dataSelector === undefined) return { records: detect(body), missing: false };

  const first = queryFirst(options.dataSelector, body);
  if (!first.found) {
    const empty = (Array.isArray(body) && body.length === 0) || (isPlainObject(body) && Object.keys(body).length === 0);
    if (options.firstPage && !empty) return { records: [], missing: true, absentOnFirstPage: isPlainObject(body) ? Object.keys(body) : [] };
    return { records: [], missing: !options.firstPage };
  }
  const all = queryAll(options.dataSelector, body);
  // One match is the list itself; several (a wildcard selector) are the records.
  return { records: all.length === 1 ? asRecords(all[0]) : all, missing: false };
}
