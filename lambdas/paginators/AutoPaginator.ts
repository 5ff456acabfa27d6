/**
 * `auto` (the default): decides from the first response, in dlt's detector
 * order — a `Link` header with `rel="next"`, a next URL in the body (see
 * {@link findNextUrlPath}), a total page count (`total_pages` / `pages` /
 * `totalpages` at any depth), a non-URL "next" value (a cursor, sent back as
 * `cursor` as dlt does, with a top-level `has_more` honoured), else a single
 * page — and logs its choice. A page count is followed as dlt follows it: the
 * first page was requested without a page number, the next ones are numbered
 * from 1 (`base_page` 0), so an API that numbers pages from 1 serves its first
 * page again and the run stops with a pagination loop instead of writing it twice.
 */
import type { HttpRequest, HttpResponse } from '../http/HttpTypes';
import type { Logger } from '../observability/Logger';
import { silentLogger } from '../observability/Logger';
import { DEFAULTS } from '../config/defaults';
import { CursorPaginator } from './CursorPaginator';
import { findHasMorePath, findNextCursorPath, findNextUrlPath, findTotalPagesPath } from './findNextUrl';
import { HeaderLinkPaginator } from './HeaderLinkPaginator';
import { JsonLinkPaginator } from './JsonLinkPaginator';
import { PageNumberPaginator } from './PageNumberPaginator';
import type { Paginator, PaginatorState, PlannedPages } from './Paginator';
import { parseLinkHeader } from './parseLinkHeader';
import { SinglePagePaginator } from './SinglePagePaginator';

type Detected =
  | { type: 'header_link' }
  | { type: 'json_link'; next_url_path: string }
  | { type: 'page_number'; total_path: string }
  | { type: 'cursor'; cursor_path: string; cursor_param: string; has_more_path?: string }
  | { type: 'single_page' };

/** The query parameter a detected cursor is sent back in (dlt's default too). */
export const DETECTED_CURSOR_PARAM = DEFAULTS.paginators.cursor.cursorParam;

/** What auto-detection chooses for a first response. */
export function detectPaginator(response: HttpResponse): Detected {
  if (parseLinkHeader(response.headers.get('link')).some((l) => l.rels.includes('next'))) return { type: 'header_link' };
  const next = findNextUrlPath(response.body);
  if (next) return { type: 'json_link', next_url_path: next };
  const total = findTotalPagesPath(response.body);
  if (total) return { type: 'page_number', total_path: total };
  const cursor = findNextCursorPath(response.body);
  if (cursor) {
    const hasMore = findHasMorePath(response.body);
    return { type: 'cursor', cursor_path: cursor, cursor_param: DETECTED_CURSOR_PARAM, ...(hasMore ? { has_more_path: hasMore } : {}) };
  }
  return { type: 'single_page' };
}

function build(detected: Detected): Paginator {
  const d = DEFAULTS.paginators;
  switch (detected.type) {
    case 'header_link':
      return new HeaderLinkPaginator({ ...d.header_link, hasMorePath: undefined });
    case 'json_link':
      return new JsonLinkPaginator({ nextUrlPath: detected.next_url_path, hasMorePath: undefined });
    case 'page_number':
      // As dlt: base_page 0; the unnumbered first page counts as page 0, so the next one asked for is page 1.
      return new PageNumberPaginator({ ...d.page_number, page: 0, pageBodyPath: undefined, totalPath: detected.total_path, maximumPage: undefined, hasMorePath: undefined });
    case 'cursor':
      return new CursorPaginator({ ...d.cursor, cursorPath: detected.cursor_path, cursorParam: detected.cursor_param, cursorBodyPath: undefined, hasMorePath: detected.has_more_path });
    case 'single_page':
      return new SinglePagePaginator();
  }
}

/** Detects the pagination from the first response, then delegates. */
export class AutoPaginator implements Paginator {
  private delegate: Paginator | undefined;
  private detected: Detected | undefined;

  constructor(private readonly logger: Logger = silentLogger) {}

  get hasNextPage(): boolean {
    return this.delegate ? this.delegate.hasNextPage : true;
  }

  /** The paginator chosen, once the first response was read. */
  get chosen(): Paginator | undefined {
    return this.delegate;
  }

  initRequest(request: HttpRequest): void {
    this.delegate?.initRequest(request);
  }

  updateState(response: HttpResponse, records: readonly unknown[]): void {
    if (!this.delegate) {
      this.detected = detectPaginator(response);
      this.delegate = build(this.detected);
      // A guessed cursor parameter name is the likeliest wrong guess: say it, so a user can declare the real one.
      const extra = this.detected.type === 'cursor' ? { cursor_param: this.detected.cursor_param, has_more_path: this.detected.has_more_path ?? null } : {};
      this.logger.info('paginator detected', { paginator: this.delegate.describe(), ...extra });
    }
    this.delegate.updateState(response, records);
  }

  updateRequest(request: HttpRequest): void {
    this.delegate?.updateRequest(request);
  }

  /** What the chosen paginator plans (a detected page count is numbered with `concurrency` 1, so nothing today). */
  plannedPages(request: HttpRequest): PlannedPages | undefined {
    return this.delegate?.plannedPages?.(request);
  }

  saveState(): PaginatorState {
    return this.delegate ? { detected: this.detected, state: this.delegate.saveState() } : {};
  }

  restoreState(state: PaginatorState): void {
    const detected = state.detected as Detected | undefined;
    if (!detected) return;
    this.detected = detected;
    this.delegate = build(detected);
    this.delegate.restoreState((state.state as PaginatorState | undefined) ?? {});
  }

  describe(): string {
    return this.delegate ? `auto → ${this.delegate.describe()}` : 'auto';
  }
}

/**
 * The paginator type `auto` settled on, read from a saved state (what a page
 * carries), or undefined when the state is not an `auto` paginator's or it has
 * not seen a response yet.
 */
export function detectedPaginatorType(state: PaginatorState | undefined): string | undefined {
  const detected = state?.detected as Detected | undefined;
  return typeof detected?.type === 'string' ? detected.type : undefined;
}
