/** `header_link`: the next URL is in the RFC 8288 `Link` header (`rel="next"` by default). */
import type { HeaderLinkPaginatorModel } from '../model';
import type { HttpRequest, HttpResponse } from '../http/HttpTypes';
import { parseLinkHeader } from './parseLinkHeader';
import { ReferencePaginator } from './ReferencePaginator';

/** Follows the `Link` header. */
export class HeaderLinkPaginator extends ReferencePaginator {
  private readonly rel: string;

  constructor(config: Omit<HeaderLinkPaginatorModel, 'type' | 'at'>) {
    super(config.hasMorePath);
    this.rel = config.linksNextKey.toLowerCase();
  }

  protected referenceIn(response: HttpResponse): unknown {
    const link = parseLinkHeader(response.headers.get('link')).find((l) => l.rels.includes(this.rel));
    if (!link || link.url === '') return undefined;
    this.markSeen(response.url);
    return new URL(link.url, response.url).toString();
  }

  updateRequest(request: HttpRequest): void {
    if (this.next === undefined) return;
    request.url = String(this.next);
    request.params = {};
  }

  describe(): string {
    return `header_link(rel=${this.rel})`;
  }
}
