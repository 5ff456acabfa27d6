/** `header_cursor`: a cursor read from a response header (`cursor_key`, default `next`), sent as `cursor_param`. */
import type { HeaderCursorPaginatorConfig } from '../config/schema';
import type { HttpRequest, HttpResponse } from '../http/HttpTypes';
import { ReferencePaginator } from './ReferencePaginator';

/** Follows a cursor found in a response header. */
export class HeaderCursorPaginator extends ReferencePaginator {
  private readonly cursorKey: string;
  private readonly cursorParam: string;

  constructor(config: Omit<HeaderCursorPaginatorConfig, 'type'> = {}) {
    super(config.has_more_path);
    this.cursorKey = config.cursor_key ?? 'next';
    this.cursorParam = config.cursor_param ?? 'cursor';
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
