/** `offset`: `offset` / `limit` query parameters (or JSON body paths); the total is a record count. */
import type { OffsetPaginatorConfig } from '../config/schema';
import type { HttpRequest } from '../http/HttpTypes';
import { NumericPaginator } from './NumericPaginator';

/** Pages by offset and limit. */
export class OffsetPaginator extends NumericPaginator {
  private readonly limit: number;
  private readonly limitParam: string;
  private readonly limitBodyPath: string | undefined;

  constructor(config: OffsetPaginatorConfig) {
    super({
      param: config.offset_param ?? 'offset',
      bodyPath: config.offset_body_path,
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
    this.limitBodyPath = config.limit_body_path;
  }

  protected endFor(total: number): number {
    return total;
  }

  protected override apply(request: HttpRequest, value: number): void {
    super.apply(request, value);
    NumericPaginator.put(request, this.limitParam, this.limitBodyPath, this.limit);
  }

  describe(): string {
    const where = (param: string, bodyPath: string | undefined): string => (bodyPath ? `body.${bodyPath}` : param);
    return `offset(${where(this.settings.param, this.settings.bodyPath)}, ${where(this.limitParam, this.limitBodyPath)}=${this.limit})`;
  }
}
