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
    if (!this.hasMorePath) return false;
    const { found, value } = queryFirst(this.hasMorePath, body);
    return found && (value === false || value === 'false' || value === 0);
  }

  abstract initRequest(request: HttpRequest): void;
  abstract updateState(response: HttpResponse, records: readonly unknown[]): void;
  abstract updateRequest(request: HttpRequest): void;
  abstract saveState(): PaginatorState;
  abstract restoreState(state: PaginatorState): void;
  abstract describe(): string;
}
