/**
 * `cursor`: a cursor read from the body (`cursor_path`, default `cursors.next`),
 * sent as a query parameter (`cursor_param`) or, for POST, at a dotted path in
 * the JSON body (`cursor_body_path`). A Stripe-style "starting after the last
 * id" cursor is `cursor_path: "data[-1].id"` with `has_more_path: "has_more"`.
 */
import type { CursorPaginatorModel } from '../model';
import type { HttpRequest, HttpResponse } from '../http/HttpTypes';
import { queryFirst } from '../selectors/jsonPath';
import { ReferencePaginator } from './ReferencePaginator';
import { setAtPath } from './setAtPath';

/** Follows a cursor found in the body. */
export class CursorPaginator extends ReferencePaginator {
  private readonly cursorPath: string;
  private readonly cursorParam: string;
  private readonly cursorBodyPath: string | undefined;
  private readonly stopAfterEmptyPage: boolean;

  constructor(config: Omit<CursorPaginatorModel, 'type' | 'at'>) {
    super(config.hasMorePath);
    this.cursorPath = config.cursorPath;
    this.cursorParam = config.cursorParam;
    this.cursorBodyPath = config.cursorBodyPath;
    this.stopAfterEmptyPage = config.stopAfterEmptyPage;
  }

  protected referenceIn(response: HttpResponse, records: readonly unknown[]): unknown {
    // dlt's stop_after_empty_page: an empty page ends even with a cursor left.
    if (this.stopAfterEmptyPage && records.length === 0) return undefined;
    return queryFirst(this.cursorPath, response.body).value;
  }

  updateRequest(request: HttpRequest): void {
    if (this.next === undefined) return;
    if (this.cursorBodyPath) request.json = setAtPath(request.json, this.cursorBodyPath, this.next);
    else request.params = { ...request.params, [this.cursorParam]: this.next };
  }

  describe(): string {
    return `cursor(${this.cursorPath} → ${this.cursorBodyPath ? `body.${this.cursorBodyPath}` : this.cursorParam})`;
  }
}
