/**
 * `json_link`: the next URL is in the body. A relative URL is resolved against
 * the URL just fetched; the next URL replaces the query, so the first
 * request's params are cleared and never duplicated (dlt #1514).
 */
import type { JsonLinkPaginatorModel } from '../model';
import type { HttpRequest, HttpResponse } from '../http/HttpTypes';
import { queryFirst } from '../selectors/jsonPath';
import { findNextUrlPath } from './findNextUrl';
import { ReferencePaginator } from './ReferencePaginator';

/** Follows a next URL found in the body. */
export class JsonLinkPaginator extends ReferencePaginator {
  private readonly nextUrlPath: string | undefined;

  constructor(config: Omit<JsonLinkPaginatorModel, 'type' | 'at'>) {
    super(config.hasMorePath);
    this.nextUrlPath = config.nextUrlPath;
  }

  protected referenceIn(response: HttpResponse): unknown {
    const path = this.nextUrlPath ?? findNextUrlPath(response.body);
    if (!path) return undefined;
    const value = queryFirst(path, response.body).value;
    if (typeof value !== 'string' || value === '') return value;
    // Being sent to the URL just fetched is a loop too.
    this.markSeen(response.url);
    return new URL(value, response.url).toString();
  }

  updateRequest(request: HttpRequest): void {
    if (this.next === undefined) return;
    request.url = String(this.next);
    request.params = {};
  }

  describe(): string {
    return `json_link(${this.nextUrlPath ?? 'detected'})`;
  }
}
