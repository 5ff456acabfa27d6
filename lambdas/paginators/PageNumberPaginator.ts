/** `page_number`: a page number query parameter; the total is a page count. */
import type { PageNumberPaginatorModel } from '../model';
import { NumericPaginator } from './NumericPaginator';

/** Pages by page number. */
export class PageNumberPaginator extends NumericPaginator {
  private readonly basePage: number;

  constructor(config: Omit<PageNumberPaginatorModel, 'type' | 'at'>) {
    super({
      param: config.pageParam,
      bodyPath: config.pageBodyPath,
      start: config.page,
      step: 1,
      totalPath: config.totalPath,
      // As in dlt, maximum_page is exclusive: the last page requested is maximum_page - 1.
      maximum: config.maximumPage,
      stopAfterEmptyPage: config.stopAfterEmptyPage,
      hasMorePath: config.hasMorePath,
      concurrency: config.concurrency,
    });
    this.basePage = config.basePage;
  }

  protected endFor(total: number): number {
    return this.basePage + total;
  }

  describe(): string {
    return `page_number(${this.settings.bodyPath ? `body.${this.settings.bodyPath}` : this.settings.param}, base_page=${this.basePage})`;
  }
}
