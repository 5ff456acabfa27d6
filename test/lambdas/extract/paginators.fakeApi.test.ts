/**
 * Every pagination style of the fake API, driven through `fetchPages` with the
 * real HTTP client and a source normalized by `validateSource`: each record
 * exactly once, in order, with the number of requests the style needs.
 */
import { PaginationLoopError } from '../../../lambdas/errors/PaginationLoopError';
import type { Logger } from '../../../lambdas/observability/Logger';
import type { FakeApi } from '../../support/fakeApi';
import { startFakeApi } from '../../support/fakeApi';
import { fetchResource, idsOf, queries, range } from './fakeApiHarness';

const ITEMS = 23;
const EXACT = 20;

/** A logger that keeps info lines, to see what `auto` chose. */
function infoLogger(lines: Array<[string, Record<string, unknown> | undefined]>): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: (message, attributes) => void lines.push([message, attributes]),
    warn: () => undefined,
    error: () => undefined,
    child: () => logger,
  };
  return logger;
}

/** No parameter appears twice in any request. */
function noRepeatedParams(api: FakeApi): void {
  for (const query of queries(api.requests)) {
    for (const value of Object.values(query)) expect(typeof value).toBe('string');
  }
}

describe('fetchPages against the fake API: paginators', () => {
  let api: FakeApi;
  let relative: FakeApi;

  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: ITEMS, exact: EXACT } });
    relative = await startFakeApi({ collections: { items: ITEMS }, relativeNextLinks: true });
  });
  beforeEach(() => {
    api.clearLog();
    relative.clearLog();
  });
  afterAll(async () => {
    await Promise.all([api.close(), relative.close()]);
  });

  const items = (path: string, endpoint: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
    name: 'items',
    endpoint: { path, ...endpoint },
    ...extra,
  });

  describe('json_link', () => {
    const paginator = { type: 'json_link', next_url_path: 'paging.next' };

    it('follows absolute next links to the end', async () => {
      const { pages } = await fetchResource(api, items('public/json-link/items', { params: { per_page: 5 }, paginator }));
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(api.requests).toHaveLength(5);
      noRepeatedParams(api);
    });

    it('resolves relative next links against the current URL', async () => {
      const { pages } = await fetchResource(relative, items('public/json-link/items', { params: { per_page: 5 }, paginator }));
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(relative.requests).toHaveLength(5);
      expect(relative.requests.every((r) => r.path === '/public/json-link/items')).toBe(true);
    });

    it('keeps since/until on every page without duplicating any query parameter', async () => {
      const incremental = { cursor_path: 'updated_at', initial_value: '2024-01-01T00:00:00Z', start_param: 'since', end_param: 'until' };
      const window = { start_value: '2024-01-01T05:00:00Z', end_value: '2024-01-01T15:00:00Z' };
      const { pages } = await fetchResource(api, items('public/json-link/items', { params: { per_page: 3 }, paginator, incremental }), {
        vars: { incremental: window },
      });
      // updated_at is 2024-01-01T00:00Z + id hours; since inclusive, until exclusive.
      expect(idsOf(pages)).toEqual(range(10, 5));
      expect(api.requests).toHaveLength(4);
      noRepeatedParams(api);
      for (const query of queries(api.requests)) {
        expect(query).toMatchObject({ since: window.start_value, until: window.end_value, per_page: '3' });
      }
    });
  });

  it('header_link: follows rel="next" among several rels', async () => {
    const { pages } = await fetchResource(api, items('public/link-header/items', { params: { per_page: 5 }, paginator: 'header_link' }));
    expect(idsOf(pages)).toEqual(range(ITEMS));
    expect(api.requests).toHaveLength(5);
    noRepeatedParams(api);
  });

  describe('offset', () => {
    it('stops at the total', async () => {
      const { pages } = await fetchResource(api, items('public/offset/items', { paginator: { type: 'offset', limit: 5 } }));
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(queries(api.requests).map((q) => q.offset)).toEqual(['0', '5', '10', '15', '20']);
    });

    it('keeps a total sent only on the first page', async () => {
      const endpoint = { params: { total_on_first_page_only: 1 }, paginator: { type: 'offset', limit: 5 } };
      const { pages } = await fetchResource(api, items('public/offset/items', endpoint));
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(api.requests).toHaveLength(5);
    });

    it('treats a null total as unknown and stops after the empty page', async () => {
      const endpoint = { params: { null_total: 1 }, paginator: { type: 'offset', limit: 5, stop_after_empty_page: true } };
      const { pages } = await fetchResource(api, items('public/offset/items', endpoint));
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(api.requests).toHaveLength(6);
      expect(pages[5]).toMatchObject({ records: [], last: true });
    });
  });

  describe('page_number', () => {
    const paginator = { type: 'page_number', base_page: 1, total_path: 'total_pages' };

    it('counts 1-based pages up to total_pages', async () => {
      const { pages } = await fetchResource(api, items('public/page-number/items', { params: { per_page: 5 }, paginator }));
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(queries(api.requests).map((q) => q.page)).toEqual(['1', '2', '3', '4', '5']);
    });

    it('keeps total_pages sent only on the first page', async () => {
      const params = { per_page: 5, total_on_first_page_only: 1 };
      const { pages } = await fetchResource(api, items('public/page-number/items', { params, paginator }));
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(api.requests).toHaveLength(5);
    });
  });

  describe('cursor', () => {
    const paginator = { type: 'cursor', cursor_path: 'next_cursor', cursor_param: 'cursor', has_more_path: 'has_more' };

    it('follows next_cursor until has_more is false', async () => {
      const { pages } = await fetchResource(api, items('public/cursor/items', { params: { limit: 5 }, paginator }));
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(api.requests).toHaveLength(5);
      expect(api.requests[0].query.cursor).toBeUndefined();
    });

    it('stops on has_more false although the last page still carries a cursor', async () => {
      const params = { limit: 5, keep_cursor_on_last_page: 1 };
      const { pages } = await fetchResource(api, items('public/cursor/items', { params, paginator }));
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(api.requests).toHaveLength(5);
    });

    it('ends on a null cursor when the API sends no has_more', async () => {
      const params = { limit: 5, no_has_more: 1 };
      const { pages } = await fetchResource(api, items('public/cursor/items', { params, paginator: { type: 'cursor', cursor_path: 'next_cursor' } }));
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(api.requests).toHaveLength(5);
    });

    it('sends a Stripe-style "starting after the last id" cursor ($.data[-1].id)', async () => {
      const stripe = { type: 'cursor', cursor_path: '$.data[-1].id', cursor_param: 'starting_after', has_more_path: 'has_more' };
      const { pages } = await fetchResource(api, items('public/stripe/items', { params: { limit: 5 }, paginator: stripe }));
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(queries(api.requests).map((q) => q.starting_after)).toEqual([undefined, '5', '10', '15', '20']);
    });

    it('puts the cursor into the JSON body of a POST (cursor_body_path)', async () => {
      const post = { type: 'cursor', cursor_path: 'next_cursor', cursor_body_path: 'cursor', has_more_path: 'has_more' };
      const { pages } = await fetchResource(api, items('public/post-cursor/items', { method: 'POST', json: { limit: 5 }, paginator: post }));
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(api.requests.map((r) => r.method)).toEqual(Array(5).fill('POST'));
      const bodies = api.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
      expect(bodies[0]).toEqual({ limit: 5 });
      expect(bodies.slice(1).every((b) => b.limit === 5 && typeof b.cursor === 'string')).toBe(true);
      expect(new Set(bodies.map((b) => b.cursor)).size).toBe(5);
    });

    it('fails with PaginationLoopError when the API repeats its cursor', async () => {
      const run = fetchResource(api, items('public/stuck-cursor/items', { params: { limit: 5 }, paginator: { type: 'cursor', cursor_path: 'next_cursor' } }));
      await expect(run).rejects.toThrow(PaginationLoopError);
      await expect(run).rejects.toThrow(/resource "items".*"stuck" a second time/);
      expect(api.requests).toHaveLength(2);
    });
  });

  it('header_cursor: follows X-Next-Cursor until it is absent', async () => {
    const paginator = { type: 'header_cursor', cursor_key: 'X-Next-Cursor', cursor_param: 'cursor' };
    const { pages } = await fetchResource(api, items('public/header-cursor/items', { params: { limit: 5 }, paginator }));
    expect(idsOf(pages)).toEqual(range(ITEMS));
    expect(api.requests).toHaveLength(5);
  });

  it('single_page: one request', async () => {
    const { pages } = await fetchResource(api, items('public/single/items', { paginator: 'single_page' }));
    expect(idsOf(pages)).toEqual(range(ITEMS));
    expect(api.requests).toHaveLength(1);
  });

  it('odata: follows $[\'@odata.nextLink\']', async () => {
    const paginator = { type: 'json_link', next_url_path: "$['@odata.nextLink']" };
    const { pages } = await fetchResource(api, items('public/odata/items', { params: { $top: 5 }, data_selector: 'value', paginator }));
    expect(idsOf(pages)).toEqual(range(ITEMS));
    expect(api.requests).toHaveLength(5);
    noRepeatedParams(api);
  });

  it('full-last-page: stops after the empty page that follows a full one, without error', async () => {
    const { pages } = await fetchResource(api, { name: 'exact', endpoint: { path: 'public/full-last-page/exact', paginator: { type: 'offset', limit: 5 } } });
    expect(idsOf(pages)).toEqual(range(EXACT));
    expect(api.requests).toHaveLength(5);
    expect(pages[4]).toMatchObject({ records: [], last: true });
  });

  describe('auto', () => {
    it.each([
      ['@odata.nextLink', 'public/odata/items', { $top: 5 }, 'value', "json_link($['@odata.nextLink'])"],
      ['total_pages (numbered as dlt numbers it)', 'public/total-pages/items', { per_page: 5, base: 0 }, undefined, 'page_number(page, base_page=0)'],
      ['a Link header', 'public/link-header/items', { per_page: 5 }, undefined, 'header_link(rel=next)'],
      ['a next URL in the body', 'public/json-link/items', { per_page: 5 }, undefined, "json_link($['paging']['next'])"],
      ['a non-URL next cursor', 'public/cursor/items', { limit: 5 }, undefined, "cursor($['next_cursor'] → cursor)"],
      ['a non-URL next cursor kept on the last page', 'public/cursor/items', { limit: 5, keep_cursor_on_last_page: 1 }, undefined, "cursor($['next_cursor'] → cursor)"],
      ['a non-URL next cursor without has_more', 'public/cursor/items', { limit: 5, no_has_more: 1 }, undefined, "cursor($['next_cursor'] → cursor)"],
    ])('detects %s and reads every page', async (_label, path, params, dataSelector, chosen) => {
      const lines: Array<[string, Record<string, unknown> | undefined]> = [];
      const endpoint = { params, ...(dataSelector ? { data_selector: dataSelector } : {}) };
      const { pages } = await fetchResource(api, items(path, endpoint), { logger: infoLogger(lines) });
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(api.requests).toHaveLength(5);
      noRepeatedParams(api);
      expect(lines).toContainEqual(['paginator detected', expect.objectContaining({ paginator: chosen })]);
    });

    it('logs the parameter name it chose for a detected cursor', async () => {
      const lines: Array<[string, Record<string, unknown> | undefined]> = [];
      await fetchResource(api, items('public/cursor/items', { params: { limit: 5 } }), { logger: infoLogger(lines) });
      expect(lines).toContainEqual(['paginator detected', expect.objectContaining({ cursor_param: 'cursor', has_more_path: "$['has_more']" })]);
      expect(queries(api.requests).slice(1).every((q) => typeof q.cursor === 'string')).toBe(true);
    });

    it('stops with a pagination loop, writing nothing twice, when total_pages counts from 1 (dlt numbers from 0)', async () => {
      const run = fetchResource(api, items('public/total-pages/items', { params: { per_page: 5 } }));
      await expect(run).rejects.toThrow(PaginationLoopError);
      await expect(run).rejects.toThrow(/resource "items": page_number\(page, base_page=0\) received the records of the previous page at page=1 a second time/);
      expect(queries(api.requests).map((q) => q.page)).toEqual([undefined, '1']);
    });

    it('falls back to a single page when nothing points further', async () => {
      const { pages } = await fetchResource(api, items('public/single/items'));
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(api.requests).toHaveLength(1);
    });
  });

  describe('max_pages', () => {
    it.each([
      ['json_link', 'public/json-link/items', { per_page: 5 }, { type: 'json_link', next_url_path: 'paging.next' }],
      ['header_link', 'public/link-header/items', { per_page: 5 }, 'header_link'],
      ['offset', 'public/offset/items', {}, { type: 'offset', limit: 5 }],
      ['page_number', 'public/page-number/items', { per_page: 5 }, { type: 'page_number', base_page: 1, total_path: 'total_pages' }],
      ['cursor', 'public/cursor/items', { limit: 5 }, { type: 'cursor', cursor_path: 'next_cursor' }],
      ['header_cursor', 'public/header-cursor/items', { limit: 5 }, { type: 'header_cursor', cursor_key: 'X-Next-Cursor' }],
      ['auto', 'public/total-pages/items', { per_page: 5, base: 0 }, 'auto'],
      ['offset, 4 at a time', 'public/offset/items', {}, { type: 'offset', limit: 2, concurrency: 4 }],
    ])('is never exceeded: %s', async (_label, path, params, paginator) => {
      const { pages } = await fetchResource(api, items(path, { params, paginator }, { max_pages: 3 }));
      expect(api.requests).toHaveLength(3);
      expect(pages).toHaveLength(3);
      expect(pages[2]).toMatchObject({ last: true, truncated: true });
      expect(idsOf(pages)).toEqual(range(idsOf(pages).length));
    });

    it('comes from client.max_pages when the resource sets none', async () => {
      const { pages } = await fetchResource(api, items('public/offset/items', { paginator: { type: 'offset', limit: 5 } }), { sourceClient: { max_pages: 2 } });
      expect(pages).toHaveLength(2);
      expect(api.requests).toHaveLength(2);
    });
  });

  it('offset with concurrency: fetches the planned pages in parallel and yields them in order', async () => {
    const { pages } = await fetchResource(api, items('public/offset/items', { paginator: { type: 'offset', limit: 2, concurrency: 4 } }));
    expect(idsOf(pages)).toEqual(range(ITEMS));
    expect(pages.map((p) => p.index)).toEqual(range(12, 0));
    expect(pages.filter((p) => p.last)).toHaveLength(1);
    const offsets = queries(api.requests).map((q) => Number(q.offset));
    expect([...offsets].sort((a, b) => a - b)).toEqual(range(12, 0).map((i) => i * 2));
  });
});
