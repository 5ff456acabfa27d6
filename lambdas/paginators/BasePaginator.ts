/**
 * What every paginator shares: the `has_more_path` flag (every paginator
 * accepts it; `false` ends pagination) and the has-next switch.
 */
import type { HttpRequest, HttpResponse } from '../http/HttpTypes';
import { queryFirst } from '../selectors/jsonPath';
import type { Paginator, PaginatorState } from './Paginator';

/** The shared base of the built-in paginators. */
export abstract class BasePaginator implements Paginator {
  protected hasNext = true;

  constructor(
    /** A boolean in the body; `false` ends pagination, absent says nothing. */
    protected readonly hasMorePath?: string,
  ) {}

  get hasNextPage(): boolean {
    return this.hasNext;
  }

  /** True when `has_more_path` is declared and the body says there is nothing more. */
  protected hasMoreSaysNo(body: unknown): boolean {
    return this.hasMore(body) === false;
  }

  /**
   * The `has_more_path` flag of `body`: a boolean, or a string dlt's `str2bool`
   * reads (`true`/`false`, `yes`/`no`, `1`/`0`, …), or 0/1; undefined when
   * undeclared, absent or unreadable.
   */
  protected hasMore(body: unknown): boolean | undefined {
    if (!this.hasMorePath) return undefined;
    const { found, value } = queryFirst(this.hasMorePath, body);
    if (!found) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 0 || value === 1) return value === 1;
    if (typeof value === 'string') {
      const v = value.trim().toLowerCase();
      if (['y', 'yes', 't', 'true', 'on', '1'].includes(v)) return true;
      if (['n', 'no', 'f', 'false', 'off', '0'].includes(v)) return false;
    }
    return undefined;
  }

  abstract initRequest(request: HttpRequest): void;
  abstract updateState(response: HttpResponse, records: readonly unknown[]): void;
  abstract updateRequest(request: HttpRequest): void;
  abstract saveState(): PaginatorState;
  abstract restoreState(state: PaginatorState): void;
  abstract describe(): string;
}
