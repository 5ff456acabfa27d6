/** `page_number`: a page number query parameter; the total is a page count. */
import type { PageNumberPaginatorConfig } from '../config/schema';
import { NumericPaginator } from './NumericPaginator';

/** Pages by page number. */
export class PageNumberPaginator extends NumericPaginator {
  private readonly basePage: number;

  constructor(config: PageNumberPaginatorConfig) {
    const basePage = config.base_page ?? 0;
    super({
      param: config.page_param ?? 'page',
      bodyPath: config.page_body_path,
      start: config.page ?? basePage,
      step: 1,
      totalPath: config.total_path === undefined ? 'total' : config.total_path,
      // As in dlt, maximum_page is exclusive: the last page requested is maximum_page - 1.
      maximum: config.maximum_page,
      stopAfterEmptyPage: config.stop_after_empty_page ?? true,
      hasMorePath: config.has_more_path,
      concurrency: config.concurrency ?? 1,
    });
    this.basePage = basePage;
  }

  protected endFor(total: number): number {
    return this.basePage + total;
  }

  describe(): string {
    return `page_number(${this.settings.bodyPath ? `body.${this.settings.bodyPath}` : this.settings.param}, base_page=${this.basePage})`;
  }
}
