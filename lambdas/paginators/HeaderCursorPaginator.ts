/** `header_cursor`: a cursor read from a response header (`cursor_key`, default `next`), sent as `cursor_param`. */
import type { HeaderCursorPaginatorModel } from '../model';
import type { HttpRequest, HttpResponse } from '../http/HttpTypes';
import { ReferencePaginator } from './ReferencePaginator';

/** Follows a cursor found in a response header. */
export class HeaderCursorPaginator extends ReferencePaginator {
  private readonly cursorKey: string;
  private readonly cursorParam: string;

  constructor(config: Omit<HeaderCursorPaginatorModel, 'type' | 'at'>) {
    super(config.hasMorePath);
    this.cursorKey = config.cursorKey;
    this.cursorParam = config.cursorParam;
  }

  protected referenceIn(response: HttpResponse): unknown {
    return response.headers.get(this.cursorKey)?.trim();
  }

  updateRequest(request: HttpRequest): void {
    if (this.next === undefined) return;
    request.params = { ...request.params, [this.cursorParam]: this.next };
  }

  describe(): string {
    return `header_cursor(${this.cursorKey} → ${this.cursorParam})`;
  }
}
