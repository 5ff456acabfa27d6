/**
 * The numeric pagination styles: the client computes the next position (an
 * offset or a page number) itself, helped by a total when the API gives one.
 */
import type { FakeResponse } from './http';
import { json } from './http';
import type { PageContext } from './pageContext';

const DEFAULT_PAGE_SIZE = 10;

/** `offset`: `?offset=&limit=` → `{ items, total }`; `total_on_first_page_only=1`, `null_total=1` are the pitfalls. */
export function offsetStyle(ctx: PageContext): FakeResponse {
  const offset = ctx.int('offset', 0, 0);
  const limit = ctx.int('limit', DEFAULT_PAGE_SIZE, 1);
  const body: Record<string, unknown> = { items: ctx.records.slice(offset, offset + limit) };
  if (ctx.flag('null_total')) body.total = null;
  else if (offset === 0 || !ctx.flag('total_on_first_page_only')) body.total = ctx.records.length;
  return json(200, body);
}

/** `full-last-page`: offset without a total, so a full last page is followed by an empty one. */
export function fullLastPageStyle(ctx: PageContext): FakeResponse {
  const offset = ctx.int('offset', 0, 0);
  const limit = ctx.int('limit', DEFAULT_PAGE_SIZE, 1);
  return json(200, { items: ctx.records.slice(offset, offset + limit) });
}

/** `page-number`: `?page=&per_page=` (1-based; `base=0` makes it 0-based) → `{ results, page, total_pages }`. */
export function pageNumberStyle(ctx: PageContext): FakeResponse {
  const base = ctx.param('base') === '0' ? 0 : 1;
  const page = ctx.int('page', base, base);
  const perPage = ctx.int('per_page', DEFAULT_PAGE_SIZE, 1);
  const start = (page - base) * perPage;
  const body: Record<string, unknown> = { results: ctx.records.slice(start, start + perPage), page };
  if (page === base || !ctx.flag('total_on_first_page_only')) body.total_pages = Math.ceil(ctx.records.length / perPage);
  return json(200, body);
}

/** `total-pages`: `?page=&per_page=` (1-based; `base=0` makes it 0-based) → `{ data, total_pages, page }`, the shape auto-detection looks for. */
export function totalPagesStyle(ctx: PageContext): FakeResponse {
  const base = ctx.param('base') === '0' ? 0 : 1;
  const page = ctx.int('page', base, base);
  const perPage = ctx.int('per_page', DEFAULT_PAGE_SIZE, 1);
  const start = (page - base) * perPage;
  return json(200, {
    data: ctx.records.slice(start, start + perPage),
    total_pages: Math.ceil(ctx.records.length / perPage),
    page,
  });
}

/**
 * `link-header`: `?page=&per_page=` (1-based) → a plain array, with a GitHub-style
 * `Link` header: next and last unless on the last page, first and prev unless on
 * the first; no header at all when there is a single page.
 */
export function linkHeaderStyle(ctx: PageContext): FakeResponse {
  const page = ctx.int('page', 1, 1);
  const perPage = ctx.int('per_page', DEFAULT_PAGE_SIZE, 1);
  const last = Math.max(1, Math.ceil(ctx.records.length / perPage));
  const link = (p: number, rel: string) => `<${ctx.link({ page: p, per_page: perPage })}>; rel="${rel}"`;
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  const start = (page - 1) * perPage;
  return json(200, ctx.records.slice(start, start + perPage), links.length ? { Link: links.join(', ') } : {});
}
