/**
 * Finds a next-page reference in a body, as the contract defines auto-detection:
 * keys containing "next" (case-insensitive: `next`, `next_page`, `nextPage`,
 * `@odata.nextLink`) at the top level and one level down under `links`,
 * `_links`, `paging`, `meta`, `pagination`, holding an absolute or relative URL
 * (or a HAL `{ "href": … }`); failing that, the same keys holding a non-URL
 * string are a cursor (`next_cursor`, `nextPageToken`).
 */

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

function quoted(key: string): string {
  return `['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

type Finder = (object: Record<string, unknown>, prefix: string) => string | undefined;

function urlIn(object: Record<string, unknown>, prefix: string): string | undefined {
  for (const [key, value] of Object.entries(object)) {
    if (!/next/i.test(key)) continue;
    if (looksLikeUrl(value)) return `${prefix}${quoted(key)}`;
    if (isObject(value) && looksLikeUrl(value.href)) return `${prefix}${quoted(key)}['href']`;
  }
  return undefined;
}

function cursorIn(object: Record<string, unknown>, prefix: string): string | undefined {
  for (const [key, value] of Object.entries(object)) {
    // Strings only: a number under `next_page` is a page number, not a cursor to echo back.
    if (/next/i.test(key) && typeof value === 'string' && value.trim() !== '' && !looksLikeUrl(value)) return `${prefix}${quoted(key)}`;
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
      const found = find(inner, `$${quoted(container)}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** The JSONPath of the next URL in `body`, or undefined when there is none. */
export function findNextUrlPath(body: unknown): string | undefined {
  return search(body, urlIn);
}

/** The JSONPath of a non-URL next cursor in `body` (`next_cursor`, `paging.next`), or undefined. */
export function findNextCursorPath(body: unknown): string | undefined {
  return search(body, cursorIn);
}

/** The JSONPath of a top-level `has_more` / `hasMore` boolean, or undefined. */
export function findHasMorePath(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const key = ['has_more', 'hasMore'].find((k) => typeof body[k] === 'boolean');
  return key === undefined ? undefined : `$${quoted(key)}`;
}
