/** `offset`: `offset` / `limit` query parameters; the total is a record count. */
import type { OffsetPaginatorConfig } from '../config/schema';
import type { HttpRequest } from '../http/HttpTypes';
import { NumericPaginator } from './NumericPaginator';

/** Pages by offset and limit. */
export class OffsetPaginator extends NumericPaginator {
  private readonly limit: number;
  private readonly limitParam: string;

  constructor(config: OffsetPaginatorConfig) {
    super({
      param: config.offset_param ?? 'offset',
      start: config.offset ?? 0,
      step: config.limit,
      totalPath: config.total_path === undefined ? 'total' : config.total_path,
      maximum: config.maximum_offset,
      stopAfterEmptyPage: config.stop_after_empty_page ?? true,
      hasMorePath: config.has_more_path,
      concurrency: config.concurrency ?? 1,
    });
    this.limit = config.limit;
    this.limitParam = config.limit_param ?? 'limit';
  }

  protected endFor(total: number): number {
    return total;
  }

  protected override apply(request: HttpRequest, value: number): void {
    super.apply(request, value);
    request.params[this.limitParam] = this.limit;
  }

  describe(): string {
    return `offset(${this.settings.param}, ${this.limitParam}=${this.limit})`;
  }
}
