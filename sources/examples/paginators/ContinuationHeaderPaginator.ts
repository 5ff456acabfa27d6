/**
 * Example: a custom paginator, for APIs that page with an opaque continuation
 * token carried in headers, plus a page counter. The first request asks for
 * `?page=1&page_size=N`; each response that has more to give carries a token
 * in a response header (default `X-Continuation`), and the next request sends
 * that token back in the same request header together with the next page
 * number (`?page=2…`). Azure Cosmos DB's `x-ms-continuation` travels this way;
 * APIs that bind a token to its page number refuse one sent with another page.
 * No built-in paginator does this: `header_cursor` reads a header but sends
 * the cursor as a query parameter, and it keeps no page number.
 *
 * The position (the token and the page number) is saved in every checkpoint,
 * so a run that continues in a new invocation resumes at the right page with
 * the right token. A missing or empty token header ends pagination, the same
 * token twice is a loop and fails the run, and `has_more_path` works as on
 * every built-in paginator: all three come from `ReferencePaginator`.
 *
 * Usage, in a TypeScript source (`sources/catalog.ts`):
 *
 * ```ts
 * import { defineSource } from '../lambdas/config/validateSource';
 * import { secret } from '../lambdas/secrets/SecretRef';
 * import './examples/paginators/ContinuationHeaderPaginator'; // registers `continuation_header`
 *
 * export default defineSource({
 *   name: 'catalog',
 *   schedule: 'rate(1 day)',
 *   client: {
 *     base_url: 'https://catalog.example/api/',
 *     auth: { type: 'bearer', token: secret('token') },
 *     paginator: { type: 'continuation_header', page_size: 100 },
 *   },
 *   resources: ['products'],
 * });
 * ```
 */
import { z } from 'zod';
import type { HttpRequest, HttpResponse } from '../../../lambdas/http/HttpTypes';
import { parsePaginatorConfig, ReferencePaginator, registerPaginator } from '../../../lambdas/paginators';
import type { PaginatorState } from '../../../lambdas/paginators';

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The `continuation_header` block. */
export const ContinuationHeaderSchema = z.strictObject({
  type: z.literal('continuation_header'),
  page_size: z.number().int().min(1).max(1000).describe('Records per page, sent as page_size_param'),
  token_header: z.string().regex(HEADER_NAME, 'a header name').optional().describe('The header the token comes in and goes back in (default "X-Continuation")'),
  page_param: z.string().min(1).optional().describe('The query parameter of the 1-based page number (default "page")'),
  page_size_param: z.string().min(1).optional().describe('The query parameter of the page size (default "page_size")'),
  has_more_path: z.string().min(1).optional().describe('A boolean in the body; false ends pagination'),
});

/** The block as its factory parsed it. */
export type ContinuationHeaderOptions = z.output<typeof ContinuationHeaderSchema>;

/** Sends back the continuation token of each response in a request header, with the next page number. */
export class ContinuationHeaderPaginator extends ReferencePaginator {
  private readonly tokenHeader: string;
  private readonly pageParam: string;
  private readonly pageSizeParam: string;
  private readonly pageSize: number;
  /** The page number the next request asks for. */
  private page = 1;

  constructor(options: ContinuationHeaderOptions) {
    super(options.has_more_path);
    this.tokenHeader = options.token_header ?? 'X-Continuation';
    this.pageParam = options.page_param ?? 'page';
    this.pageSizeParam = options.page_size_param ?? 'page_size';
    this.pageSize = options.page_size;
  }

  override initRequest(request: HttpRequest): void {
    request.params = { ...request.params, [this.pageParam]: 1, [this.pageSizeParam]: this.pageSize };
  }

  protected referenceIn(response: HttpResponse): unknown {
    return response.headers.get(this.tokenHeader)?.trim();
  }

  override updateState(response: HttpResponse, records: readonly unknown[]): void {
    super.updateState(response, records);
    if (this.hasNextPage) this.page++;
  }

  updateRequest(request: HttpRequest): void {
    if (this.next === undefined) return;
    request.headers = { ...request.headers, [this.tokenHeader]: String(this.next) };
    request.params = { ...request.params, [this.pageParam]: this.page };
  }

  override saveState(): PaginatorState {
    // Both halves: the API refuses the token with any other page number.
    return { ...super.saveState(), page: this.page };
  }

  override restoreState(state: PaginatorState): void {
    super.restoreState(state);
    this.page = typeof state.page === 'number' && Number.isInteger(state.page) && state.page >= 1 ? state.page : 1;
  }

  describe(): string {
    return `continuation_header(${this.tokenHeader}, ${this.pageParam}, ${this.pageSizeParam}=${this.pageSize})`;
  }
}

registerPaginator('continuation_header', (config, ctx) => new ContinuationHeaderPaginator(parsePaginatorConfig(ContinuationHeaderSchema, config, ctx)));
