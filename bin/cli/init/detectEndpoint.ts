/**
 * What `sluice init` reads from one real first response: the paginator, the
 * data selector, the primary key and a candidate incremental cursor, each with
 * the reason it was chosen. The paginator comes from the engine's own
 * auto-detection (`detectPaginator`), so a written source pages the way `auto`
 * would; only when that finds no pagination does init look further, for what
 * `auto` does not follow by itself (a total count, a next cursor in a header,
 * Stripe's `has_more` with record ids), and it says that those parameter
 * names are guesses. A wrong guess repeats a page, which the run refuses as a
 * pagination loop, so it never writes records twice.
 */
import type { HttpResponse } from '../../../lambdas/http/HttpTypes';
import { cursorTypeOf } from '../../../lambdas/incremental/CursorType';
import { detectPaginator } from '../../../lambdas/paginators/AutoPaginator';
import { DEFAULTS } from '../../../lambdas/config/defaults';
import { bracketedName } from '../../../lambdas/selectors/jsonPath';
import { detectRecords } from '../../../lambdas/selectors/selectRecords';

/** One decision and why it was made. */
export interface Finding {
  /** What is written into the source, in words (`json_link, next_url_path "paging.next"`). */
  readonly chosen: string;
  readonly why: string;
}

/** What one response says about its endpoint. */
export interface DetectedEndpoint {
  /** The `endpoint` keys to write (`paginator`, `data_selector`, `incremental`). */
  readonly endpoint: Record<string, unknown>;
  /** `primary_key`, when the records carry an `id`. */
  readonly primaryKey?: string;
  /** Records on the first page. */
  readonly records: number;
  readonly paginator: Finding;
  readonly selector: Finding;
  readonly cursor: Finding;
  /** What the user should look at before trusting the source. */
  readonly warnings: readonly string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SHORTHAND = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A detector's `$['a']['b']` as the dotted form sources use (`a.b`) when every key allows it. */
export function readablePath(path: string): string {
  const keys = [...path.matchAll(/\['((?:[^'\\]|\\.)*)'\]/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
  // Anything but plain member names (an index, a wildcard) stays as the detector wrote it.
  if (keys.length === 0 || `$${keys.map(bracketedName).join('')}` !== path) return path;
  return keys.every((k) => SHORTHAND.test(k)) ? keys.join('.') : path;
}

/** Field names that say "when this record last changed", best first. */
const CHANGED_FIELD = [/^(updated|modified|changed)(_?at|_?on|_?time|_?date)?$/i, /^last_?(updated|modified|changed)(_?at|_?on|_?time|_?date)?$/i, /(updated|modified|changed)/i];

/** The top-level fields whose value is a date or date-time on every record. */
function dateFields(records: readonly Record<string, unknown>[]): string[] {
  const [first] = records;
  if (!first) return [];
  return Object.keys(first).filter((key) => records.every((r) => typeof r[key] === 'string' && cursorTypeOf(r[key]) === 'datetime'));
}

function detectCursor(records: readonly Record<string, unknown>[]): { cursor?: string; finding: Finding } {
  if (records.length === 0) return { finding: { chosen: 'none', why: 'the first page has no records to look at' } };
  const dates = dateFields(records);
  for (const pattern of CHANGED_FIELD) {
    const field = dates.find((d) => pattern.test(d));
    if (field) {
      return {
        cursor: field,
        finding: {
          chosen: `incremental on "${field}"`,
          why: `it holds an ISO 8601 date on every record of the page and its name says when a record changed; a run keeps only records from the last committed value on (add start_param if the API can filter by it, and it fetches less)`,
        },
      };
    }
  }
  const why = dates.length
    ? `no date field says when a record changed (date fields: ${dates.join(', ')}); every run reads everything: add endpoint.incremental by hand if one of them only grows`
    : 'no field holds a date on every record; every run reads everything';
  return { finding: { chosen: 'none', why } };
}

interface Paging {
  readonly paginator: unknown;
  readonly finding: Finding;
  readonly warnings?: readonly string[];
}

const NEXT_CURSOR_HEADER = /^(x-)?next[-_]?(cursor|page[-_]?token|token)$/i;
const TOTAL_COUNT_KEYS = ['total', 'total_count', 'totalCount', 'count', 'total_results', 'totalResults'];
const PAGE_KEYS = ['page', 'current_page', 'currentPage', 'page_number', 'pageNumber'];

/** When `auto` finds no pagination: the patterns it does not follow by itself, parameter names guessed. */
function beyondAuto(response: HttpResponse, records: readonly unknown[], selector: string | undefined): Paging | undefined {
  const body = response.body;
  const guess = 'the parameter names are guessed (check the API docs): a wrong one repeats a page, and the run stops with a pagination loop instead of writing it twice';
  for (const [name] of response.headers) {
    if (NEXT_CURSOR_HEADER.test(name)) {
      const cursorParam = DEFAULTS.paginators.header_cursor.cursorParam;
      return {
        paginator: { type: 'header_cursor', cursor_key: name, cursor_param: cursorParam },
        finding: { chosen: `header_cursor, cursor_key "${name}", cursor_param "${cursorParam}"`, why: `the response header ${name} carries the next cursor; ${guess}` },
      };
    }
  }
  if (!isObject(body) || records.length === 0) return undefined;
  const totalKey = TOTAL_COUNT_KEYS.find((k) => typeof body[k] === 'number');
  if (totalKey && (body[totalKey] as number) > records.length) {
    const { offsetParam, limitParam } = DEFAULTS.paginators.offset;
    return {
      paginator: { type: 'offset', limit: records.length, total_path: totalKey },
      finding: {
        chosen: `offset, limit ${records.length}, total_path "${totalKey}"`,
        why: `"${totalKey}" (${String(body[totalKey])}) counts more records than the ${records.length} on this page; the page size is the one the API chose, sent as ${limitParam}, the position as ${offsetParam}; ${guess}`,
      },
    };
  }
  const hasMore = ['has_more', 'hasMore'].find((k) => typeof body[k] === 'boolean');
  const last = records.at(-1);
  if (hasMore && body[hasMore] === true && isObject(last) && (typeof last.id === 'string' || typeof last.id === 'number')) {
    const cursorPath = `${selector ?? '$'}[-1].id`;
    return {
      paginator: { type: 'cursor', cursor_path: cursorPath, cursor_param: 'starting_after', has_more_path: hasMore },
      finding: {
        chosen: `cursor, cursor_path "${cursorPath}", cursor_param "starting_after", has_more_path "${hasMore}"`,
        why: `"${hasMore}" is true and no next position is given, as in Stripe's lists: the next page starts after the last record's id; ${guess}`,
      },
    };
  }
  if (hasMore && body[hasMore] === true) {
    return {
      paginator: 'single_page',
      finding: { chosen: 'single_page', why: `"${hasMore}" is true, but the response gives no next URL or cursor` },
      warnings: [`"${hasMore}" says more pages follow, but nothing says how to ask for them: declare the paginator (docs/writing-sources.md), or a run reads only the first page`],
    };
  }
  return undefined;
}

function detectPaging(response: HttpResponse, records: readonly unknown[], selector: string | undefined): Paging {
  const detected = detectPaginator(response);
  switch (detected.type) {
    case 'header_link':
      return { paginator: 'header_link', finding: { chosen: 'header_link', why: 'the Link header has a rel="next" URL' } };
    case 'json_link': {
      const path = readablePath(detected.next_url_path);
      return { paginator: { type: 'json_link', next_url_path: path }, finding: { chosen: `json_link, next_url_path "${path}"`, why: `the body holds the next page's URL at ${path}` } };
    }
    case 'page_number': {
      const path = readablePath(detected.total_path);
      const body = isObject(response.body) ? response.body : {};
      const pageKey = PAGE_KEYS.find((k) => Number.isInteger(body[k]));
      // The first page was asked for without a number: the number the API says it served is its first page's.
      const basePage = pageKey ? (body[pageKey] as number) : 0;
      const numbered = pageKey
        ? `pages are numbered from ${basePage}, as "${pageKey}" says of the first page`
        : 'the response does not say which page it is, so pages are numbered from 0 as auto numbers them (if the API numbers from 1, the first run stops with a pagination loop: set base_page 1)';
      return {
        paginator: { type: 'page_number', base_page: basePage, total_path: path },
        finding: { chosen: `page_number, base_page ${basePage}, total_path "${path}"`, why: `${path} gives the number of pages; ${numbered}` },
        ...(pageKey ? {} : { warnings: ['the page numbering is assumed to start at 0 (see paginator above)'] }),
      };
    }
    case 'cursor': {
      const path = readablePath(detected.cursor_path);
      const hasMore = detected.has_more_path ? readablePath(detected.has_more_path) : undefined;
      return {
        paginator: { type: 'cursor', cursor_path: path, cursor_param: detected.cursor_param, ...(hasMore ? { has_more_path: hasMore } : {}) },
        finding: {
          chosen: `cursor, cursor_path "${path}", cursor_param "${detected.cursor_param}"${hasMore ? `, has_more_path "${hasMore}"` : ''}`,
          why: `${path} holds a next cursor; it is sent back as ${detected.cursor_param}, a guess (check the API docs): a wrong name repeats a page, and the run stops with a pagination loop`,
        },
      };
    }
    case 'single_page':
      return (
        beyondAuto(response, records, selector) ?? {
          paginator: 'single_page',
          finding: { chosen: 'single_page', why: 'no Link header, next URL, cursor, page count or record total in the response: it looks like all there is' },
        }
      );
  }
}

/** Reads the first response of a path. */
export function detectEndpoint(response: HttpResponse): DetectedEndpoint {
  const warnings: string[] = [];
  const found = detectRecords(response.body);
  let selector: string | undefined;
  let records: unknown[] = [];
  let selectorFinding: Finding;
  if (found.kind === 'list') {
    records = found.keys.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], response.body) as unknown[];
    if (found.keys.length === 0) {
      selectorFinding = { chosen: 'none (the body is the list)', why: 'the response is a JSON array of records' };
    } else {
      selector = readablePath(`$${found.keys.map(bracketedName).join('')}`);
      selectorFinding = { chosen: `data_selector "${selector}"`, why: `the records list is under ${selector}` };
    }
  } else if (found.kind === 'whole') {
    records = [response.body];
    selectorFinding = { chosen: 'none (the body is one record)', why: 'no list of records in the response: the object itself is one record' };
    warnings.push('the response is one object, not a list: set data_selector if the records are somewhere in it');
  } else {
    selectorFinding = { chosen: 'none', why: 'the first response holds no records' };
    warnings.push('the first response holds no records: the data selector, the primary key and the cursor could not be detected');
  }
  const objects = records.filter(isObject);
  const paging = detectPaging(response, records, selector);
  warnings.push(...(paging.warnings ?? []));
  const cursor = detectCursor(objects);
  const primaryKey = objects.length > 0 && objects.every((r) => typeof r.id === 'string' || typeof r.id === 'number') ? 'id' : undefined;
  return {
    endpoint: {
      paginator: paging.paginator,
      ...(selector ? { data_selector: selector } : {}),
      ...(cursor.cursor ? { incremental: { cursor_path: cursor.cursor } } : {}),
    },
    ...(primaryKey ? { primaryKey } : {}),
    records: records.length,
    paginator: paging.finding,
    selector: selectorFinding,
    cursor: cursor.finding,
    warnings,
  };
}
