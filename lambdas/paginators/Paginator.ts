/**
 * The paginator contract, after dlt's: set up the first request, read each
 * response, set up the next request, say whether there is one. Only the run
 * loop calls paginators. The position is plain JSON so that a checkpoint can
 * store it and a continuation resume from it.
 */
import type { HttpRequest, HttpResponse } from '../http/HttpTypes';

/** A paginator's position, as stored in a checkpoint. */
export type PaginatorState = Record<string, unknown>;

/** The pages a paginator lets the loop fetch concurrently (see {@link Paginator.plannedPages}). */
export interface PlannedPages {
  /** Every request still to make, in page order. */
  readonly requests: readonly HttpRequest[];
  /** Requests in flight at most (more than 1). */
  readonly concurrency: number;
}

/** Moves a request through the pages of one resource. */
export interface Paginator {
  /** Sets the first request's pagination parameters. */
  initRequest(request: HttpRequest): void;
  /** Reads a response and its selected records; decides whether and where to go next. */
  updateState(response: HttpResponse, records: readonly unknown[]): void;
  /** Applies the next position to the request (called only when {@link hasNextPage}). */
  updateRequest(request: HttpRequest): void;
  /** False once the last page was read. */
  readonly hasNextPage: boolean;
  /** The position after the last {@link updateState}: enough to resume with {@link restoreState}. */
  saveState(): PaginatorState;
  /** Resumes from a saved position (a continuation). */
  restoreState(state: PaginatorState): void;
  /** A short description for logs, e.g. `offset(limit=100)`. */
  describe(): string;
  /**
   * Optional capability: concurrent pages. Called after each page while the
   * chain goes on, with the last request sent; once the paginator knows every
   * request still to make (offset and page_number: the first page told the
   * total), it returns them and how many may be in flight, and the loop fetches
   * them so, still calling {@link updateState} for each page in order. Returns
   * undefined (or is absent) to go on page by page. A custom paginator opts in
   * by implementing it.
   * @example plannedPages(last) { return this.total ? { requests: this.rest(last), concurrency: 4 } : undefined; }
   */
  plannedPages?(request: HttpRequest): PlannedPages | undefined;
}
