/**
 * Finds a next-page URL in a body, as the contract defines auto-detection:
 * keys containing "next" (case-insensitive: `next`, `next_page`, `nextPage`,
 * `@odata.nextLink`) at the top level and one level down under `links`,
 * `_links`, `paging`, `meta`, `pagination`, holding an absolute or relative URL
 * (or a HAL `{ "href": … }`).
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

function inObject(object: Record<string, unknown>, prefix: string): string | undefined {
  for (const [key, value] of Object.entries(object)) {
    if (!/next/i.test(key)) continue;
    if (looksLikeUrl(value)) return `${prefix}${quoted(key)}`;
    if (isObject(value) && looksLikeUrl(value.href)) return `${prefix}${quoted(key)}['href']`;
  }
  return undefined;
}

/** The JSONPath of the next URL in `body`, or undefined when there is none. */
export function findNextUrlPath(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const top = inObject(body, '$');
  if (top) return top;
  for (const container of NEXT_URL_CONTAINERS) {
    const inner = body[container];
    if (isObject(inner)) {
      const found = inObject(inner, `$${quoted(container)}`);
      if (found) return found;
    }
  }
  return undefined;
}
