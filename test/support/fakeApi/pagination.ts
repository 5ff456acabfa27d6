/**
 * The pagination styles, as the second path segment names them, and the one
 * entry point that picks the style, the method and the parameter source.
 */
import type { FakeRequest, FakeResponse } from './http';
import { BadRequestError, json, methodNotAllowed } from './http';
import { fullLastPageStyle, linkHeaderStyle, offsetStyle, pageNumberStyle, totalPagesStyle } from './numericStyles';
import type { PageContext } from './pageContext';
import { createPageContext } from './pageContext';
import { continuationHeaderStyle, cursorStyle, headerCursorStyle, jsonLinkStyle, odataStyle, stripeStyle, stuckCursorStyle } from './referenceStyles';
import type { FakeRecord } from './types';

/** `single`: every record in one body, `{ data }`. */
function singleStyle(ctx: PageContext): FakeResponse {
  return json(200, { data: ctx.records });
}

const STYLES = {
  'json-link': jsonLinkStyle,
  'link-header': linkHeaderStyle,
  offset: offsetStyle,
  'page-number': pageNumberStyle,
  cursor: cursorStyle,
  stripe: stripeStyle,
  'header-cursor': headerCursorStyle,
  'total-pages': totalPagesStyle,
  single: singleStyle,
  'post-cursor': cursorStyle,
  'post-offset': offsetStyle,
  'post-page-number': pageNumberStyle,
  odata: odataStyle,
  'stuck-cursor': stuckCursorStyle,
  'full-last-page': fullLastPageStyle,
  'continuation-header': continuationHeaderStyle,
} satisfies Record<string, (ctx: PageContext) => FakeResponse>;

/** A pagination style name. */
export type PaginationStyle = keyof typeof STYLES;

/** Every style name. */
export const PAGINATION_STYLES = Object.keys(STYLES) as PaginationStyle[];

/** Narrows a path segment to a style name. */
export function isPaginationStyle(segment: string | undefined): segment is PaginationStyle {
  return segment !== undefined && Object.hasOwn(STYLES, segment);
}

/** The styles that take their parameters from a JSON body of a POST (query parameters are the fallback). */
const POST_STYLES: ReadonlySet<PaginationStyle> = new Set(['post-cursor', 'post-offset', 'post-page-number']);

/** A POST style's parameters: the query, overridden by the fields of the JSON body (nested objects flattened by their leaf names). */
function postParams(request: FakeRequest): Map<string, string> {
  const params = new Map(request.query);
  let body: unknown;
  try {
    body = request.body ? JSON.parse(request.body) : {};
  } catch {
    throw new BadRequestError('a POST style expects a JSON body { "cursor", "limit", "offset", "page", "since", "until", … }');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError('a POST style expects a JSON object body');
  }
  const flatten = (object: object): void => {
    for (const [key, value] of Object.entries(object)) {
      if (value && typeof value === 'object' && !Array.isArray(value)) flatten(value as object);
      else if (value !== null && value !== undefined) params.set(key, String(value));
    }
  };
  flatten(body);
  return params;
}

/** Where links point and how. */
export interface LinkSettings {
  readonly baseUrl: string;
  readonly relativeNextLinks: boolean;
}

/** Serves one page of `records` in `style`; throws {@link BadRequestError} for a bad parameter. */
export function servePage(style: PaginationStyle, request: FakeRequest, records: readonly FakeRecord[], links: LinkSettings): FakeResponse {
  const post = POST_STYLES.has(style);
  const method = post ? 'POST' : 'GET';
  if (request.method !== method) return methodNotAllowed(method);
  const ctx = createPageContext({
    records,
    params: post ? postParams(request) : new Map(request.query),
    headers: request.headers,
    baseUrl: links.baseUrl,
    path: request.path,
    query: request.query,
    relativeNextLinks: links.relativeNextLinks,
  });
  return STYLES[style](ctx);
}
