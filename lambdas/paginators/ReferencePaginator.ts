/**
 * The shared base of the next-URL and cursor paginators: each response names
 * the next page. A reference that is absent, `null` or `""` ends pagination, so
 * does `has_more_path` saying false even while a cursor is still there (dlt
 * #3358); the same reference twice is a loop and fails instead of spinning.
 */
import { PaginationLoopError } from '../errors/PaginationLoopError';
import { redactUrl } from '../http/redactUrl';
import type { HttpRequest, HttpResponse } from '../http/HttpTypes';
import { BasePaginator } from './BasePaginator';
import type { PaginatorState } from './Paginator';

/** A next URL or cursor as read from a response. */
export type Reference = string | number;

/** Follows references from one response to the next. */
export abstract class ReferencePaginator extends BasePaginator {
  protected next: Reference | undefined;
  private readonly seen = new Set<string>();

  /** The next page's reference in `response`, if any. */
  protected abstract referenceIn(response: HttpResponse, records: readonly unknown[]): unknown;

  /** Marks a reference as used, so that receiving it again is a loop (the URL just fetched, say). */
  protected markSeen(reference: Reference): void {
    this.seen.add(String(reference));
  }

  initRequest(_request: HttpRequest): void {
    // The first request carries no reference; a subclass may add what every page sends (a page size).
  }

  updateState(response: HttpResponse, records: readonly unknown[]): void {
    const reference = this.referenceIn(response, records);
    if (this.hasMoreSaysNo(response.body) || reference === undefined || reference === null || reference === '') {
      this.hasNext = false;
      this.next = undefined;
      return;
    }
    const value = typeof reference === 'number' ? reference : typeof reference === 'string' ? reference : JSON.stringify(reference);
    if (this.seen.has(String(value))) {
      throw new PaginationLoopError(this.describe(), JSON.stringify(redactUrl(String(value))));
    }
    this.markSeen(value);
    this.next = value;
    this.hasNext = true;
  }

  saveState(): PaginatorState {
    return { next: this.next ?? null, has_next: this.hasNext };
  }

  restoreState(state: PaginatorState): void {
    const next = state.next;
    this.next = typeof next === 'string' || typeof next === 'number' ? next : undefined;
    if (this.next !== undefined) this.markSeen(this.next);
    this.hasNext = state.has_next !== false && this.next !== undefined;
  }
}
