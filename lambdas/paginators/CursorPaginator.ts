/**
 * `cursor`: a cursor read from the body (`cursor_path`, default `cursors.next`),
 * sent as a query parameter (`cursor_param`) or, for POST, at a dotted path in
 * the JSON body (`cursor_body_path`). A Stripe-style "starting after the last
 * id" cursor is `cursor_path: "data[-1].id"` with `has_more_path: "has_more"`.
 */
import type { CursorPaginatorConfig } from '../config/schema';
import type { HttpRequest, HttpResponse } from '../http/HttpTypes';
import { queryFirst } from '../selectors/jsonPath';
import { ReferencePaginator } from './ReferencePaginator';

function setAtPath(body: unknown, path: string, value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
  const keys = path.split('.');
  let node = root;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    node[key] = child && typeof child === 'object' && !Array.isArray(child) ? { ...(child as Record<string, unknown>) } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
  return root;
}

/** Follows a cursor found in the body. */
export class CursorPaginator extends ReferencePaginator {
  private readonly cursorPath: string;
  private readonly cursorParam: string;
  private readonly cursorBodyPath: string | undefined;

  constructor(config: Omit<CursorPaginatorConfig, 'type'> = {}) {
    super(config.has_more_path);
    this.cursorPath = config.cursor_path ?? 'cursors.next';
    this.cursorParam = config.cursor_param ?? 'cursor';
    this.cursorBodyPath = config.cursor_body_path;
  }

  protected referenceIn(response: HttpResponse): unknown {
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
