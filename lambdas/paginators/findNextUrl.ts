/**
 * Finds a next-page reference in a body, as the contract defines auto-detection:
 * keys containing "next" (case-insensitive: `next`, `next_page`, `nextPage`,
 * `@odata.nextLink`) at the top level and one level down under `links`,
 * `_links`, `paging`, `meta`, `pagination`, holding an absolute or relative URL
 * (or a HAL `{ "href": … }`); failing that, the same keys holding a non-URL
 * string are a cursor (`next_cursor`, `nextPageToken`).
 */
import { bracketedName } from '../selectors/jsonPath';

/** Containers searched one level down, in order. */
export const NEXT_URL_CONTAINERS: readonly string[] = Object.freeze(['links', '_links', 'paging', 'meta', 'pagination']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an absolute http(s) URL or a relative reference that looks like a path or query. */
export function looksLikeUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value === '' || /\s/.test(value)) return false;
  if (/^https?:\/\//i.test(value)) return true;
  // A relative reference carries a path or a query; a bare token is a cursor, not a URL.
  return value.includes('/') || value.includes('?');
}

type Finder = (object: Record<string, unknown>, prefix: string) => string | undefined;

function urlIn(object: Record<string, unknown>, prefix: string): string | undefined {
  for (const [key, value] of Object.entries(object)) {
    if (!/next/i.test(key)) continue;
    if (looksLikeUrl(value)) return `${prefix}${bracketedName(key)}`;
    if (isObject(value) && looksLikeUrl(value.href)) return `${prefix}${bracketedName(key)}['href']`;
  }
  return undefined;
}

function cursorIn(object: Record<string, unknown>, prefix: string): string | undefined {
  for (const [key, value] of Object.entries(object)) {
    // Strings only: a number under `next_page` is a page number, not a cursor to echo back.
    if (/next/i.test(key) && typeof value === 'string' && value.trim() !== '' && !looksLikeUrl(value)) return `${prefix}${bracketedName(key)}`;
  }
  return undefined;
}

function search(body: unknown, find: Finder): string | undefined {
  if (!isObject(body)) return undefined;
  const top = find(body, '$');
  if (top) return top;
  for (const container of NEXT_URL_CONTAINERS) {
    const inner = body[container];
    if (isObject(inner)) {
      const found = find(inner, `$${bracketedName(container)}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * dlt's `find_next_page_path` at any depth: the first key (depth first, in
 * order) that starts with "next", its value, or under it the first key
 * starting with "href" or "url"; a URL when it starts with "http" or "/".
 */
function dltNextUrlPath(body: unknown, prefix = '$'): string | undefined {
  if (!isObject(body)) return undefined;
  for (const [key, value] of Object.entries(body)) {
    if (/^next/i.test(key)) {
      if (isObject(value)) {
        for (const [inner, link] of Object.entries(value)) {
          if (/^(?:href|url)/i.test(inner) && typeof link === 'string') return /^(?:http|\/)/.test(link) ? `${prefix}${bracketedName(key)}${bracketedName(inner)}` : undefined;
        }
      } else if (typeof value === 'string' || typeof value === 'number') {
        return typeof value === 'string' && /^(?:http|\/)/.test(value) ? `${prefix}${bracketedName(key)}` : undefined;
      }
    }
    if (isObject(value)) {
      const found = dltNextUrlPath(value, `${prefix}${bracketedName(key)}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** The JSONPath of the next URL in `body` (the contract's places first, then dlt's), or undefined when there is none. */
export function findNextUrlPath(body: unknown): string | undefined {
  return search(body, urlIn) ?? dltNextUrlPath(body);
}

/**
 * dlt's `find_total_pages_path`: the first key at any depth named
 * `total_pages`, `pages` or `totalpages` (any case) holding an integer (or a
 * string of one).
 */
export function findTotalPagesPath(body: unknown, prefix = '$'): string | undefined {
  if (!isObject(body)) return undefined;
  for (const [key, value] of Object.entries(body)) {
    if (/^(?:total_pages|pages|totalpages)$/i.test(key) && (typeof value === 'number' || typeof value === 'string')) {
      return Number.isInteger(Number(value)) && String(value).trim() !== '' ? `${prefix}${bracketedName(key)}` : undefined;
    }
    if (isObject(value)) {
      const found = findTotalPagesPath(value, `${prefix}${bracketedName(key)}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** The JSONPath of a non-URL next cursor in `body` (`next_cursor`, `paging.next`), or undefined. */
export function findNextCursorPath(body: unknown): string | undefined {
  return search(body, cursorIn);
}

/** The JSONPath of a top-level `has_more` / `hasMore` boolean, or undefined. */
export function findHasMorePath(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const key = ['has_more', 'hasMore'].find((k) => typeof body[k] === 'boolean');
  return key === undefined ? undefined : `$${bracketedName(key)}`;
}
