import type { HttpRequest, HttpResponse } from '../../../lambdas/http/HttpTypes';
import { PaginationLoopError } from '../../../lambdas/errors/PaginationLoopError';
import { PaginatorError } from '../../../lambdas/errors/PaginatorError';
import { normalizePaginator } from '../../../lambdas/config/normalizeSource';
import type { PaginatorConfig } from '../../../lambdas/config/schema';
import { createPaginator as fromModel } from '../../../lambdas/paginators/createPaginator';
import { AutoPaginator, detectPaginator } from '../../../lambdas/paginators/AutoPaginator';

function response(body: unknown, url = 'https://api.test/v1/items?per_page=2', headers: Record<string, string> = {}): HttpResponse {
  return { status: 200, url, headers: new Headers(headers), body, bytes: 0 };
}

function request(): HttpRequest {
  return { method: 'GET', url: 'https://api.test/v1/items', params: { per_page: 2 }, headers: {} };
}

/** The paginator of a `client.paginator` block as written. */
function createPaginator(config: PaginatorConfig): ReturnType<typeof fromModel> {
  return fromModel(normalizePaginator(config, 'client.paginator'));
}

describe('paginators (unit)', () => {
  describe('offset', () => {
    it('sets offset and limit and stops at the total', () => {
      const p = createPaginator({ type: 'offset', limit: 2 });
      const r = request();
      p.initRequest(r);
      expect(r.params).toEqual({ per_page: 2, offset: 0, limit: 2 });
      p.updateState(response({ total: 4, items: [1, 2] }), [1, 2]);
      p.updateRequest(r);
      expect(r.params.offset).toBe(2);
      p.updateState(response({ total: 4, items: [3, 4] }), [3, 4]);
      expect(p.hasNextPage).toBe(false);
    });

    it('keeps a total seen on page 1 when later pages leave it out', () => {
      const p = createPaginator({ type: 'offset', limit: 2 });
      p.updateState(response({ total: 6 }), [1, 2]);
      p.updateState(response({}), [3, 4]);
      expect(p.hasNextPage).toBe(true);
      p.updateState(response({}), [5, 6]);
      expect(p.hasNextPage).toBe(false);
    });

    it('treats a null total as unknown and stops on the empty page', () => {
      const p = createPaginator({ type: 'offset', limit: 2 });
      p.updateState(response({ total: null }), [1, 2]);
      expect(p.hasNextPage).toBe(true);
      p.updateState(response({ total: null }), []);
      expect(p.hasNextPage).toBe(false);
    });

    it('fails when the total is unknown and no other stop condition is left', () => {
      const p = createPaginator({ type: 'offset', limit: 2, stop_after_empty_page: false });
      expect(() => p.updateState(response({}), [1, 2])).toThrow(PaginatorError);
    });

    it('lets has_more decide over the total, as dlt does', () => {
      const p = createPaginator({ type: 'offset', limit: 2, has_more_path: 'more' });
      p.updateState(response({ total: 2, more: true }), [1, 2]);
      expect(p.hasNextPage).toBe(true);
      p.updateState(response({ total: 100, more: 'false' }), [3, 4]);
      expect(p.hasNextPage).toBe(false);
    });

    it('puts offset and limit at dotted paths in the JSON body', () => {
      const p = createPaginator({ type: 'offset', limit: 2, offset_body_path: 'paging.offset', limit_body_path: 'paging.limit' });
      const r: HttpRequest = { ...request(), method: 'POST', json: { query: 'x' } };
      p.initRequest(r);
      expect(r.json).toEqual({ query: 'x', paging: { offset: 0, limit: 2 } });
      expect(r.params).toEqual({ per_page: 2 });
      p.updateState(response({ total: 4 }), [1, 2]);
      p.updateRequest(r);
      expect(r.json).toEqual({ query: 'x', paging: { offset: 2, limit: 2 } });
    });

    it('fails with PaginationLoopError when a page repeats the previous one', () => {
      const p = createPaginator({ type: 'offset', limit: 2 });
      p.updateState(response({ total: 6 }), [{ id: 1 }, { id: 2 }]);
      expect(() => p.updateState(response({ total: 6 }), [{ id: 1 }, { id: 2 }])).toThrow(/received the records of the previous page at offset=2 a second time/);
    });

    it('stops at maximum_offset', () => {
      const p = createPaginator({ type: 'offset', limit: 10, maximum_offset: 20, total_path: null });
      p.updateState(response({}), [1]);
      expect(p.hasNextPage).toBe(true);
      p.updateState(response({}), [2]);
      expect(p.hasNextPage).toBe(false);
    });

    it('plans the remaining requests once the total is known', () => {
      const p = createPaginator({ type: 'offset', limit: 2, concurrency: 3 });
      const r = request();
      p.initRequest(r);
      p.updateState(response({ total: 7 }), [1, 2]);
      const planned = p.plannedPages?.(r);
      expect(planned?.requests.map((x) => x.params.offset)).toEqual([2, 4, 6]);
      expect(planned?.concurrency).toBe(3);
    });

    it('plans nothing with concurrency 1: the pages go one by one', () => {
      const p = createPaginator({ type: 'offset', limit: 2 });
      const r = request();
      p.initRequest(r);
      p.updateState(response({ total: 7 }), [1, 2]);
      expect(p.plannedPages?.(r)).toBeUndefined();
    });
  });

  describe('page_number', () => {
    it('starts at base_page and stops after the page count', () => {
      const p = createPaginator({ type: 'page_number', base_page: 1, total_path: 'total_pages' });
      const r = request();
      p.initRequest(r);
      expect(r.params.page).toBe(1);
      p.updateState(response({ total_pages: 2 }), [1]);
      p.updateRequest(r);
      expect(r.params.page).toBe(2);
      p.updateState(response({ total_pages: 2 }), [2]);
      expect(p.hasNextPage).toBe(false);
    });

    it('resumes from a saved state', () => {
      const p = createPaginator({ type: 'page_number', page_param: 'p' });
      p.updateState(response({ total: 5 }), [1]);
      const q = createPaginator({ type: 'page_number', page_param: 'p' });
      q.restoreState(p.saveState());
      const r = request();
      q.updateRequest(r);
      expect(r.params.p).toBe(1);
      expect(q.hasNextPage).toBe(true);
    });
  });

  describe('json_link', () => {
    it('resolves a relative next URL against the current URL and clears params', () => {
      const p = createPaginator({ type: 'json_link', next_url_path: 'paging.next' });
      const r = request();
      p.updateState(response({ paging: { next: 'items?per_page=2&page=2' } }), [1]);
      p.updateRequest(r);
      expect(r).toMatchObject({ url: 'https://api.test/v1/items?per_page=2&page=2', params: {} });
    });

    it.each([undefined, null, ''])('ends when the next URL is %p', (next) => {
      const p = createPaginator({ type: 'json_link', next_url_path: 'next' });
      p.updateState(response({ next }), [1]);
      expect(p.hasNextPage).toBe(false);
    });

    it('fails with PaginationLoopError on the same next URL twice', () => {
      const p = createPaginator({ type: 'json_link', next_url_path: 'next' });
      p.updateState(response({ next: '/v1/items?page=2' }), [1]);
      expect(() => p.updateState(response({ next: '/v1/items?page=2' }, 'https://api.test/v1/items?page=2'), [1])).toThrow(PaginationLoopError);
    });
  });

  describe('cursor', () => {
    it('stops when has_more is false although a cursor is still there', () => {
      const p = createPaginator({ type: 'cursor', cursor_path: 'data[-1].id', cursor_param: 'starting_after', has_more_path: 'has_more' });
      const r = request();
      p.updateState(response({ data: [{ id: 'a' }, { id: 'b' }], has_more: true }), [1, 2]);
      p.updateRequest(r);
      expect(r.params.starting_after).toBe('b');
      p.updateState(response({ data: [{ id: 'c' }], has_more: false }), [3]);
      expect(p.hasNextPage).toBe(false);
    });

    it('puts the cursor into the POST body at cursor_body_path', () => {
      const p = createPaginator({ type: 'cursor', cursor_path: 'next', cursor_body_path: 'page.after' });
      const r: HttpRequest = { ...request(), method: 'POST', json: { query: 'x', page: { size: 2 } } };
      p.updateState(response({ next: 'c2' }), [1]);
      p.updateRequest(r);
      expect(r.json).toEqual({ query: 'x', page: { size: 2, after: 'c2' } });
    });

    it('stops on an empty page with stop_after_empty_page, even with a cursor left', () => {
      const p = createPaginator({ type: 'cursor', stop_after_empty_page: true });
      p.updateState(response({ cursors: { next: 'x' } }), [1]);
      expect(p.hasNextPage).toBe(true);
      p.updateState(response({ cursors: { next: 'y' } }), []);
      expect(p.hasNextPage).toBe(false);
      const q = createPaginator({ type: 'cursor' });
      q.updateState(response({ cursors: { next: 'y' } }), []);
      expect(q.hasNextPage).toBe(true);
    });

    it('fails with PaginationLoopError on the same cursor twice', () => {
      const p = createPaginator({ type: 'cursor' });
      p.updateState(response({ cursors: { next: 'x' } }), [1]);
      expect(() => p.updateState(response({ cursors: { next: 'x' } }), [1])).toThrow(/received "x" a second time/);
    });
  });

  describe('auto', () => {
    it.each<[string, unknown, Record<string, string>, string]>([
      ['a Link header', {}, { link: '<https://api.test/v1/items?page=2>; rel="next"' }, 'header_link'],
      ['@odata.nextLink', { value: [], '@odata.nextLink': 'https://api.test/v1/items?$skip=2' }, {}, 'json_link'],
      ['links.next', { data: [], links: { next: '/v1/items?page=2' } }, {}, 'json_link'],
      ['HAL _links.next.href', { _links: { next: { href: '/v1/items?page=2' } } }, {}, 'json_link'],
      ['a next_page URL', { results: [], next_page: 'https://api.test/v1/items?page=2' }, {}, 'json_link'],
      ['total_pages', { data: [], total_pages: 3 }, {}, 'page_number'],
      ['totalPages nested at any depth (dlt)', { data: [], meta: { paging: { totalPages: '3' } } }, {}, 'page_number'],
      ['a next URL nested at any depth (dlt)', { data: [], response: { meta: { next_page: '/v1/items?page=2' } } }, {}, 'json_link'],
      ['a next.url link (dlt)', { data: [], next: { url: 'https://api.test/v1/items?page=2' } }, {}, 'json_link'],
      ['nothing', { data: [] }, {}, 'single_page'],
      ['a non-URL next value (a cursor)', { data: [], next: 'abc123' }, {}, 'cursor'],
      ['a numeric next_page (not a cursor)', { data: [], next_page: 2 }, {}, 'single_page'],
    ])('detects %s', (_label, body, headers, type) => {
      expect(detectPaginator(response(body, undefined, headers)).type).toBe(type);
    });

    it('delegates to the paginator it chose and logs the choice', () => {
      const lines: unknown[] = [];
      const logger = { debug: () => undefined, info: (m: string, a?: unknown) => lines.push([m, a]), warn: () => undefined, error: () => undefined, child: () => logger };
      const p = new AutoPaginator(logger);
      p.updateState(response({ data: [1], total_pages: 2 }), [1]);
      const r = request();
      p.updateRequest(r);
      // As dlt numbers it: the unnumbered first page is page 0.
      expect(r.params.page).toBe(1);
      expect(lines).toEqual([['paginator detected', { paginator: 'page_number(page, base_page=0)' }]]);
      const q = new AutoPaginator();
      q.restoreState(p.saveState());
      expect(q.describe()).toBe('auto → page_number(page, base_page=0)');
    });
  });
});
