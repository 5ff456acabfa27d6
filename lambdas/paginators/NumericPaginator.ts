/**
 * The shared base of the offset and page-number paginators (dlt's
 * `RangePaginator`): a number that advances by a step, sent as a query
 * parameter or at a dotted path in the JSON body, and dlt's stop conditions in
 * dlt's order — an empty page (`stop_after_empty_page`); then `has_more_path`,
 * which when the body holds it decides alone, overriding the total and the
 * maximum; else the total or the maximum reached. A total that is missing or
 * `null` is unknown, not an error, as long as another stop condition is left
 * (dlt #1401, #1414). A page whose records equal the previous page's (an API
 * that ignores the parameter, or numbering off by one at the start) fails
 * with a pagination loop instead of being written twice. Once the total is
 * known, the remaining requests can be planned and fetched concurrently.
 */
import { PaginatorError } from '../errors/PaginatorError';
import type { HttpRequest, HttpResponse } from '../http/HttpTypes';
import { queryFirst } from '../selectors/jsonPath';
import { PaginationLoopError } from '../errors/PaginationLoopError';
import { BasePaginator } from './BasePaginator';
import type { PaginatorState, PlannedPages } from './Paginator';
import { setAtPath } from './setAtPath';

/** The settings of a {@link NumericPaginator}, defaults applied. */
export interface NumericSettings {
  readonly param: string;
  /** A dotted path in the JSON body that receives the value instead of the `param` query parameter. */
  readonly bodyPath: string | undefined;
  readonly start: number;
  readonly step: number;
  readonly totalPath: string | null;
  readonly maximum: number | undefined;
  readonly stopAfterEmptyPage: boolean;
  readonly hasMorePath: string | undefined;
  /** Requests in flight at most once the total is known. */
  readonly concurrency: number;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Offset or page number pagination. */
export abstract class NumericPaginator extends BasePaginator {
  protected current: number;
  protected total: number | undefined;
  /** The records of the page before, to tell a page served again. */
  private previous: readonly unknown[] | undefined;

  constructor(protected readonly settings: NumericSettings) {
    super(settings.hasMorePath);
    this.current = settings.start;
  }

  /** The value one past the last, given the total (offset: the total; page: base page + page count). */
  protected abstract endFor(total: number): number;

  /** Puts `value` (and any fixed parameter, such as the limit) into the request. */
  protected apply(request: HttpRequest, value: number): void {
    NumericPaginator.put(request, this.settings.param, this.settings.bodyPath, value);
  }

  /** Sets `value` at `bodyPath` in the JSON body when given, else as the query parameter `param`. */
  protected static put(request: HttpRequest, param: string, bodyPath: string | undefined, value: unknown): void {
    if (bodyPath) request.json = setAtPath(request.json, bodyPath, value);
    else request.params = { ...request.params, [param]: value };
  }

  /** True when `records` are exactly the previous page's (non-empty) records. */
  private samePage(records: readonly unknown[]): boolean {
    const previous = this.previous;
    if (!previous || previous.length !== records.length || records.length === 0) return false;
    // The first and last records decide cheaply; only a page that matches on both is compared in full.
    const same = (i: number): boolean => JSON.stringify(previous[i]) === JSON.stringify(records[i]);
    if (!same(0) || !same(records.length - 1)) return false;
    return records.every((_, i) => same(i));
  }

  initRequest(request: HttpRequest): void {
    this.apply(request, this.current);
  }

  updateState(response: HttpResponse, records: readonly unknown[]): void {
    if (this.samePage(records)) {
      throw new PaginationLoopError(
        this.describe(),
        `the records of the previous page at ${this.settings.bodyPath ?? this.settings.param}=${this.current}`,
        undefined,
        'the API ignores the parameter, or its numbering starts elsewhere: set base_page, page or offset',
      );
    }
    this.previous = records;
    if (this.settings.totalPath) {
      const total = asNumber(queryFirst(this.settings.totalPath, response.body).value);
      // A total seen once stays known when later pages leave it out.
      if (total !== undefined) this.total = total;
    }
    this.current += this.settings.step;
    if (this.settings.stopAfterEmptyPage && records.length === 0) {
      this.hasNext = false;
      return;
    }
    const hasMore = this.hasMore(response.body);
    if (hasMore !== undefined) {
      this.hasNext = hasMore;
      return;
    }
    const end = this.end();
    if (end !== undefined && this.current >= end) {
      this.hasNext = false;
      return;
    }
    if (end === undefined && !this.settings.stopAfterEmptyPage && !this.hasMorePath) {
      throw new PaginatorError(
        this.describe(),
        `no total at "${this.settings.totalPath}" in the response and no other stop condition ` +
          '(stop_after_empty_page is false, no maximum, no has_more_path): it would never stop',
      );
    }
  }

  updateRequest(request: HttpRequest): void {
    this.apply(request, this.current);
  }

  /** The limit of the values still to request, when known (total or maximum). */
  private end(): number | undefined {
    const ends = [this.total === undefined ? undefined : this.endFor(this.total), this.settings.maximum].filter((v): v is number => v !== undefined);
    return ends.length ? Math.min(...ends) : undefined;
  }

  /**
   * Every request still to make, in page order, once the end is known (from
   * the first page's total or the maximum), with `concurrency` in flight;
   * undefined while it is unknown, when there is no next page, or with
   * `concurrency` 1. `request` is the last request sent.
   */
  plannedPages(request: HttpRequest): PlannedPages | undefined {
    const end = this.end();
    const concurrency = this.settings.concurrency;
    // With has_more_path the body, not the total, decides each next page.
    if (concurrency <= 1 || !this.hasNext || end === undefined || this.settings.hasMorePath) return undefined;
    const out: HttpRequest[] = [];
    for (let value = this.current; value < end; value += this.settings.step) {
      const next: HttpRequest = { ...request, params: { ...request.params }, headers: { ...request.headers } };
      // The JSON body is copied on write by setAtPath.
      this.apply(next, value);
      out.push(next);
    }
    return out.length > 0 ? { requests: out, concurrency } : undefined;
  }

  saveState(): PaginatorState {
    return { current: this.current, total: this.total ?? null, has_next: this.hasNext };
  }

  restoreState(state: PaginatorState): void {
    if (typeof state.current === 'number') this.current = state.current;
    this.total = typeof state.total === 'number' ? state.total : undefined;
    this.hasNext = state.has_next !== false;
  }
}
