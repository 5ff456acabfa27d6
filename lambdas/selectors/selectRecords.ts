/**
 * Finds the records in a response body: through `data_selector` when the
 * resource declares one, else by detection (a top-level array, else the first
 * array under a conventional key, else the object itself as one record).
 */
import { SelectorError } from '../errors/SelectorError';
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
]);

/** What {@link selectRecords} needs to know besides the body. */
export interface SelectOptions {
  /** The resource, named in errors. */
  readonly resource: string;
  /** The declared `data_selector`, if any. */
  readonly dataSelector: string | undefined;
  /** True for the first page of a request chain: a selector that matches nothing fails there. */
  readonly firstPage: boolean;
}

/** The records of one page. */
export interface Selection {
  readonly records: unknown[];
  /** True when the selector's path did not exist on a later page: the resource ends. */
  readonly missing: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecords(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function detect(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (!isPlainObject(body)) return asRecords(body);
  for (const key of RECORD_KEYS) {
    if (Array.isArray(body[key])) return body[key] as unknown[];
  }
  // A conventional key holding null is an empty last page, not a record.
  if (RECORD_KEYS.some((key) => key in body && body[key] === null)) return [];
  return Object.keys(body).length === 0 ? [] : [body];
}

/**
 * Selects the records of one response body.
 * @throws SelectorError when `data_selector` matches nothing on the first page of a non-empty body.
 */
export function selectRecords(body: unknown, options: SelectOptions): Selection {
  if (body === null || body === undefined) return { records: [], missing: false };
  if (options.dataSelector === undefined) return { records: detect(body), missing: false };

  const first = queryFirst(options.dataSelector, body);
  if (!first.found) {
    const empty = (Array.isArray(body) && body.length === 0) || (isPlainObject(body) && Object.keys(body).length === 0);
    if (options.firstPage && !empty) {
      throw new SelectorError(options.resource, options.dataSelector, isPlainObject(body) ? Object.keys(body) : []);
    }
    return { records: [], missing: !options.firstPage };
  }
  const all = queryAll(options.dataSelector, body);
  // One match is the list itself; several (a wildcard selector) are the records.
  return { records: all.length === 1 ? asRecords(all[0]) : all, missing: false };
}
