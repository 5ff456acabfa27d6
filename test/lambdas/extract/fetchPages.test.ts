import { normalizeSource } from '../../../lambdas/config/normalizeSource';
import type { EndpointConfig } from '../../../lambdas/config/schema';
import type { ResourceModel } from '../../../lambdas/model';
import { PaginationLoopError } from '../../../lambdas/errors/PaginationLoopError';
import { fetchPages, type FetchContext, type Page } from '../../../lambdas/extract/fetchPages';
import { createHttpClient } from '../../../lambdas/http/HttpClient';
import { IncrementalCursor } from '../../../lambdas/incremental/IncrementalCursor';
import { silentLogger } from '../../../lambdas/observability/Logger';
import { json, startLoopback, type Loopback } from '../http/loopback';
import { DEFAULTS } from '../../../lambdas/config/defaults';
import type { HttpRequest, HttpResponse } from '../../../lambdas/http/HttpTypes';
import type { Paginator, PaginatorState, PlannedPages } from '../../../lambdas/paginators/Paginator';
import { registerPaginator, unregisterPaginator } from '../../../lambdas/paginators/registry';

const ITEMS = Array.from({ length: 7 }, (_, i) => ({ id: i + 1, updated_at: `2024-01-0${i + 1}T00:00:00Z` }));

/** The model of a resource `items` whose endpoint is written as `endpoint` (normalized as a run does). */
function resource(endpoint: EndpointConfig, extra: Partial<ResourceModel> = {}): ResourceModel {
  const model = normalizeSource({ name: 'test', client: { base_url: 'http://127.0.0.1/v1' }, resources: [{ name: 'items', endpoint: { path: 'items', ...endpoint } }] });
  return { ...model.resources[0], ...extra };
}

/** A small paginated API: offset/limit, page/per_page, cursor (Stripe style), next links. */
function serve(req: { url: string }, res: Parameters<typeof json>[0]): void {
  const url = new URL(req.url, 'http://x');
  const q = (k: string, d: number): number => Number(url.searchParams.get(k) ?? d);
  switch (url.pathname) {
    case '/v1/offset': {
      const [o, l] = [q('offset', 0), q('limit', 3)];
      return json(res, 200, { total: ITEMS.length, items: ITEMS.slice(o, o + l) });
    }
    case '/v1/pages': {
      const [p, n] = [q('page', 1), q('per_page', 2)];
      return json(res, 200, { total_pages: Math.ceil(ITEMS.length / n), data: ITEMS.slice((p - 1) * n, p * n) });
    }
    case '/v1/full-last-page': {
      const o = q('offset', 0);
      return json(res, 200, { items: ITEMS.slice(0, 6).slice(o, o + 3) });
    }
    case '/v1/stripe': {
      const after = Number(url.searchParams.get('starting_after') ?? 0);
      const data = ITEMS.filter((i) => i.id > after).slice(0, 3);
      return json(res, 200, { data, has_more: data.length > 0 && data[data.length - 1].id < ITEMS.length });
    }
    case '/v1/links': {
      const p = q('p', 1);
      return json(res, 200, { results: ITEMS.slice((p - 1) * 3, p * 3), next: p < 3 ? `links?p=${p + 1}` : null });
    }
    case '/v1/stuck':
      return json(res, 200, { data: [ITEMS[0]], cursors: { next: 'same' } });
    case '/v1/since':
      return json(res, 200, ITEMS.filter((i) => i.updated_at >= (url.searchParams.get('since') ?? '')));
    default:
      return json(res, 404, { error: 'no route' });
  }
}

describe('fetchPages', () => {
  let api: Loopback;
  let ctx: (r: ResourceModel, extra?: Partial<FetchContext>) => FetchContext;

  beforeAll(async () => {
    api = await startLoopback((req, res) => serve(req, res));
    const http = createHttpClient({ baseUrl: `${api.url}/v1`, timeoutMs: 5000, retries: { limit: 1, maxDelayMs: 1 }, maxResponseBytes: DEFAULTS.maxResponseBytes, logger: silentLogger, sleep: async () => undefined });
    ctx = (r, extra = {}) => ({ resource: r, baseUrl: `${api.url}/v1`, http, resolveSecret: (v) => String(v), vars: {}, logger: silentLogger, ...extra });
  });
  beforeEach(() => void api.requests.splice(0));
  afterAll(() => api.close());

  async function collect(context: FetchContext): Promise<Page[]> {
    const pages: Page[] = [];
    for await (const page of fetchPages(context)) pages.push(page);
    return pages;
  }
  /** Wraps the client to count requests in flight; `most()` is the highest count seen. */
  function countingInFlight(inner: FetchContext['http']): { http: FetchContext['http']; most: () => number } {
    let inFlight = 0;
    let most = 0;
    const http: FetchContext['http'] = {
      post: (request) => inner.post(request),
      send: async (request, options) => {
        most = Math.max(most, ++inFlight);
        try {
          return await inner.send(request, options);
        } finally {
          inFlight--;
        }
      },
    };
    return { http, most: () => most };
  }
  const ids = (pages: Page[]): unknown[] => pages.flatMap((p) => p.records.map((r) => (r as { id: number }).id));

  it('pages by offset until the total', async () => {
    const pages = await collect(ctx(resource({ path: 'offset', paginator: { type: 'offset', limit: 3 } })));
    expect(ids(pages)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pages.map((p) => [p.index, p.last])).toEqual([[0, false], [1, false], [2, true]]);
    expect(api.requests.map((r) => r.url)).toEqual(['/v1/offset?offset=0&limit=3', '/v1/offset?offset=3&limit=3', '/v1/offset?offset=6&limit=3']);
  });

  it('stops without error on the empty page after a full last page', async () => {
    const pages = await collect(ctx(resource({ path: 'full-last-page', paginator: { type: 'offset', limit: 3 } })));
    expect(ids(pages)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pages).toHaveLength(3);
    expect(pages[2]).toMatchObject({ records: [], last: true });
  });

  it('follows a Stripe-style cursor (data[-1].id) until has_more is false', async () => {
    const paginator = { type: 'cursor' as const, cursor_path: 'data[-1].id', cursor_param: 'starting_after', has_more_path: 'has_more' };
    const pages = await collect(ctx(resource({ path: 'stripe', paginator })));
    expect(ids(pages)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(api.requests.map((r) => r.url)).toEqual(['/v1/stripe', '/v1/stripe?starting_after=3', '/v1/stripe?starting_after=6']);
  });

  it('auto-detects a relative next link and clears the first request\'s params', async () => {
    const pages = await collect(ctx(resource({ path: 'links', params: { p: 1 } })));
    expect(ids(pages)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(api.requests.map((r) => r.url)).toEqual(['/v1/links?p=1', '/v1/links?p=2', '/v1/links?p=3']);
  });

  it('fails with PaginationLoopError naming the resource when a cursor repeats', async () => {
    const run = collect(ctx(resource({ path: 'stuck', paginator: { type: 'cursor' } })));
    await expect(run).rejects.toBeInstanceOf(PaginationLoopError);
    await expect(collect(ctx(resource({ path: 'stuck', paginator: { type: 'cursor' } })))).rejects.toThrow(/resource "items": cursor/);
  });

  it('stops at maxPages, flagging the last page truncated', async () => {
    const pages = await collect(ctx(resource({ path: 'offset', paginator: { type: 'offset', limit: 2 } }), { maxPages: 2 }));
    expect(pages.map((p) => [p.last, p.truncated])).toEqual([[false, undefined], [true, true]]);
    expect(api.requests).toHaveLength(2);
  });

  it('resumes after a saved page state, continuing the index', async () => {
    const r = resource({ path: 'offset', paginator: { type: 'offset', limit: 3 } });
    const first = (await collect(ctx(r, { maxPages: 1 })))[0];
    const rest = await collect(ctx(r, { resume: first.state }));
    expect(ids(rest)).toEqual([4, 5, 6, 7]);
    expect(rest.map((p) => p.index)).toEqual([1, 2]);
  });

  it('ends with no page when a response action ignores the response', async () => {
    const pages = await collect(ctx(resource({ path: 'gone', response_actions: [{ status_code: 404, action: 'ignore' }] })));
    expect(pages).toEqual([]);
  });

  it('fetches page_number pages concurrently once the total is known, yielding them in order', async () => {
    const paginator = { type: 'page_number' as const, base_page: 1, total_path: 'total_pages', concurrency: 3 };
    const pages = await collect(ctx(resource({ path: 'pages', params: { per_page: 1 }, paginator })));
    expect(ids(pages)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pages.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(pages.filter((p) => p.last)).toHaveLength(1);
    expect(new Set(api.requests.map((r) => r.url)).size).toBe(7);
  });

  it('never has more than N requests in flight and respects maxPages', async () => {
    const paginator = { type: 'page_number' as const, base_page: 1, total_path: 'total_pages', concurrency: 2 };
    const { http, most } = countingInFlight(ctx(resource({ path: 'pages', params: { per_page: 1 }, paginator }), { maxPages: 4 }).http);
    const pages = await collect(ctx(resource({ path: 'pages', params: { per_page: 1 }, paginator }), { maxPages: 4, http }));
    expect(most()).toBe(2);
    expect(ids(pages)).toEqual([1, 2, 3, 4]);
    expect(pages[3]).toMatchObject({ last: true, truncated: true });
    expect(api.requests).toHaveLength(4);
  });

  it('fetches the pages a registered paginator plans N at a time: concurrency is a capability, not a built-in class', async () => {
    // Pages by `page`, learns the count from the first page, then plans every page left.
    class PlanningPaginator implements Paginator {
      private page = 1;
      private pages: number | undefined;
      get hasNextPage(): boolean {
        return this.pages === undefined || this.page <= this.pages;
      }
      initRequest(request: HttpRequest): void {
        request.params = { ...request.params, page: this.page };
      }
      updateState(response: HttpResponse): void {
        this.pages = (response.body as { total_pages: number }).total_pages;
        this.page++;
      }
      updateRequest(request: HttpRequest): void {
        request.params = { ...request.params, page: this.page };
      }
      plannedPages(last: HttpRequest): PlannedPages | undefined {
        if (this.pages === undefined) return undefined;
        const requests = [];
        for (let p = this.page; p <= this.pages; p++) requests.push({ ...last, params: { ...last.params, page: p } });
        return { requests, concurrency: 3 };
      }
      saveState(): PaginatorState {
        return { page: this.page };
      }
      restoreState(): void {}
      describe(): string {
        return 'test_planned_pages';
      }
    }
    registerPaginator('test_planned_pages', () => new PlanningPaginator());
    try {
      const base = ctx(resource({ path: 'pages', params: { per_page: 1 }, paginator: { type: 'test_planned_pages' } as never }));
      const { http, most } = countingInFlight(base.http);
      const pages = await collect({ ...base, http });
      expect(ids(pages)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(pages.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(most()).toBe(3);
      expect(new Set(api.requests.map((r) => r.url)).size).toBe(7);
    } finally {
      unregisterPaginator('test_planned_pages');
    }
  });

  it('sends the incremental start (stored value minus lag) as start_param and through placeholders', async () => {
    const incremental = { cursor_path: 'updated_at', initial_value: '2024-01-01T00:00:00Z', start_param: 'since', lag: 86_400 };
    const r = resource({ path: 'since', params: { q: 'after:{incremental.start_value}' }, incremental, paginator: { type: 'single_page' } });
    const cursor = new IncrementalCursor(r.endpoint.incremental!, { resource: 'since', stored: '2024-01-06T00:00:00Z' });
    const pages = await collect(ctx(r, { vars: { incremental: cursor.templateVars() } }));
    expect(ids(pages)).toEqual([5, 6, 7]);
    const sent = new URL(api.requests[0].url, 'http://x').searchParams;
    expect(sent.get('since')).toBe('2024-01-05T00:00:00Z');
    expect(sent.get('q')).toBe('after:2024-01-05T00:00:00Z');
  });

  it('expands a parent placeholder in the path', async () => {
    const single = resource({ path: '{resources.parents.route}', paginator: { type: 'offset', limit: 7 } });
    // A path ending in a placeholder is dlt's single entity ('$'); this endpoint lists, so its records are detected.
    const r = { ...single, endpoint: { ...single.endpoint, selector: { kind: 'detect' as const, at: 'resources[0].endpoint.data_selector' } } };
    const pages = await collect(ctx(r, { vars: { parent: { route: 'offset' } } }));
    expect(ids(pages)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
