/**
 * The reference pagination styles: the API hands the client its next position,
 * as a URL or an opaque cursor, in the body or a header.
 */
import type { FakeResponse } from './http';
import { BadRequestError, json } from './http';
import { decodeCursor, encodeCursor, pageAfter } from './keyset';
import type { PageContext } from './pageContext';

const DEFAULT_PAGE_SIZE = 10;

/** `json-link`: `?per_page=&cursor=` → `{ data, paging: { next } }`, next an absolute (or relative) URL or null. */
export function jsonLinkStyle(ctx: PageContext): FakeResponse {
  const perPage = ctx.int('per_page', DEFAULT_PAGE_SIZE, 1);
  const page = pageAfter(ctx.records, decodeCursor(ctx.param('cursor')), perPage);
  const next =
    page.hasMore && page.lastId !== undefined
      ? ctx.link({ cursor: encodeCursor(page.lastId), per_page: perPage }, ctx.relativeNextLinks)
      : null;
  return json(200, { data: page.data, paging: { next } });
}

/**
 * `cursor` (and `post-cursor`, whose parameters come from the JSON body):
 * `cursor`, `limit` → `{ data, next_cursor, has_more }`.
 * `keep_cursor_on_last_page=1`: the last non-empty page still carries a new cursor
 * while has_more is false (following it gives an empty page with a null cursor).
 * `no_has_more=1`: has_more is omitted; the end is a null cursor.
 */
export function cursorStyle(ctx: PageContext): FakeResponse {
  const limit = ctx.int('limit', DEFAULT_PAGE_SIZE, 1);
  const page = pageAfter(ctx.records, decodeCursor(ctx.param('cursor')), limit);
  const keep = ctx.flag('keep_cursor_on_last_page');
  const nextCursor = page.lastId !== undefined && (page.hasMore || keep) ? encodeCursor(page.lastId) : null;
  const body: Record<string, unknown> = { data: page.data, next_cursor: nextCursor };
  if (!ctx.flag('no_has_more')) body.has_more = page.hasMore;
  return json(200, body);
}

/** `stripe`: `?starting_after=<id>&limit=` → `{ object: 'list', data, has_more }`. */
export function stripeStyle(ctx: PageContext): FakeResponse {
  const limit = ctx.int('limit', DEFAULT_PAGE_SIZE, 1);
  const page = pageAfter(ctx.records, ctx.int('starting_after', 0, Number.MIN_SAFE_INTEGER), limit);
  return json(200, { object: 'list', data: page.data, has_more: page.hasMore });
}

/** `header-cursor`: `?cursor=&limit=` → a plain array; the next cursor in `X-Next-Cursor`, absent at the end. */
export function headerCursorStyle(ctx: PageContext): FakeResponse {
  const limit = ctx.int('limit', DEFAULT_PAGE_SIZE, 1);
  const page = pageAfter(ctx.records, decodeCursor(ctx.param('cursor')), limit);
  const headers: Record<string, string> = page.hasMore && page.lastId !== undefined ? { 'X-Next-Cursor': encodeCursor(page.lastId) } : {};
  return json(200, page.data, headers);
}

/** `odata`: `?$top=&$skiptoken=` → `{ value, '@odata.nextLink' }` (absolute; absent at the end), like MS Graph. */
export function odataStyle(ctx: PageContext): FakeResponse {
  const top = ctx.int('$top', DEFAULT_PAGE_SIZE, 1);
  const page = pageAfter(ctx.records, decodeCursor(ctx.param('$skiptoken'), '$skiptoken'), top);
  const body: Record<string, unknown> = { value: page.data };
  if (page.hasMore && page.lastId !== undefined) {
    // Graph writes `$skiptoken` literally; `$` needs no escaping in a query (RFC 3986 sub-delims).
    body['@odata.nextLink'] = ctx.link({ $skiptoken: encodeCursor(page.lastId), $top: top }).replace(/%24/g, '$');
  }
  return json(200, body);
}

/** The cursor `stuck-cursor` always returns. */
export const STUCK_CURSOR = 'stuck';

/** `stuck-cursor`: the first `limit` records and the same next cursor, forever (for loop detection). */
export function stuckCursorStyle(ctx: PageContext): FakeResponse {
  const limit = ctx.int('limit', DEFAULT_PAGE_SIZE, 1);
  return json(200, { data: ctx.records.slice(0, limit), next_cursor: STUCK_CURSOR, has_more: true });
}

/** The request and response header of `continuation-header`. */
export const CONTINUATION_HEADER = 'X-Continuation';

/** The opaque token of `continuation-header`: valid only for the page it was issued for. */
function continuationToken(page: number, afterId: number): string {
  return Buffer.from(`page:${page}:after:${afterId}`).toString('base64url');
}

/**
 * `continuation-header`: `?page=&page_size=` → a plain array; while more records
 * follow, an opaque token in the `X-Continuation` response header, which the
 * next request sends back in its own `X-Continuation` header together with the
 * next page number (as Cosmos DB's `x-ms-continuation` travels in headers). A
 * token sent with another page number, a page after the first without one, or
 * a token this API did not issue is a 400.
 */
export function continuationHeaderStyle(ctx: PageContext): FakeResponse {
  const page = ctx.int('page', 1, 1);
  const pageSize = ctx.int('page_size', DEFAULT_PAGE_SIZE, 1);
  const token = ctx.header(CONTINUATION_HEADER);
  let afterId = 0;
  if (page > 1 || token !== undefined) {
    const match = /^page:(\d+):after:(-?\d+)$/.exec(Buffer.from(token ?? '', 'base64url').toString('utf8'));
    if (!match) throw new BadRequestError(`page ${page} needs the ${CONTINUATION_HEADER} header of the page before it, got ${JSON.stringify(token ?? null)}`);
    if (Number(match[1]) !== page) throw new BadRequestError(`this ${CONTINUATION_HEADER} token is for page ${match[1]}, not page ${page}`);
    afterId = Number(match[2]);
  }
  const result = pageAfter(ctx.records, afterId, pageSize);
  const headers: Record<string, string> = result.hasMore && result.lastId !== undefined ? { [CONTINUATION_HEADER]: continuationToken(page + 1, result.lastId) } : {};
  return json(200, result.data, headers);
}
