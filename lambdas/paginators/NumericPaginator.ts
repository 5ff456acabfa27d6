/**
 * The shared base of the offset and page-number paginators: a number that
 * advances by a step, and three stop conditions — a total, a maximum, an empty
 * page (plus `has_more_path`). A total that is missing or `null` is unknown, not
 * an error, as long as another stop condition is left (dlt #1401, #1414).
 * Once the total is known, the remaining requests can be planned and fetched
 * concurrently.
 */
import { PaginatorError } from '../errors/PaginatorError';
import type { HttpRequest, HttpResponse } from '../http/HttpTypes';
import { queryFirst } from '../selectors/jsonPath';
import { BasePaginator } from './BasePaginator';
import type { PaginatorState } from './Paginator';

/** The settings of a {@link NumericPaginator}, defaults applied. */
export interface NumericSettings {
  readonly param: string;
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

  constructor(protected readonly settings: NumericSettings) {
    super(settings.hasMorePath);
    this.current = settings.start;
  }

  /** Requests in flight at most once the total is known. */
  get concurrency(): number {
    return this.settings.concurrency;
  }

  /** The value one past the last, given the total (offset: the total; page: base page + page count). */
  protected abstract endFor(total: number): number;

  /** Puts `value` (and any fixed parameter, such as the limit) into the request. */
  protected apply(request: HttpRequest, value: number): void {
    request.params = { ...request.params, [this.settings.param]: value };
  }

  initRequest(request: HttpRequest): void {
    this.apply(request, this.current);
  }

  updateState(response: HttpResponse, records: readonly unknown[]): void {
    if (this.settings.totalPath) {
      const total = asNumber(queryFirst(this.settings.totalPath, response.body).value);
      // A total seen once stays known when later pages leave it out.
      if (total !== undefined) this.total = total;
    }
    this.current += this.settings.step;
    if (this.hasMoreSaysNo(response.body) || (this.settings.stopAfterEmptyPage && records.length === 0)) {
      this.hasNext = false;
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
   * the first page's total or the maximum); undefined while it is unknown or
   * when there is no next page. `request` is the last request sent.
   */
  plannedRequests(request: HttpRequest): HttpRequest[] | undefined {
    const end = this.end();
    if (!this.hasNext || end === undefined) return undefined;
    const out: HttpRequest[] = [];
    for (let value = this.current; value < end; value += this.settings.step) {
      const next: HttpRequest = { ...request, params: { ...request.params }, headers: { ...request.headers } };
      this.apply(next, value);
      out.push(next);
    }
    return out;
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
