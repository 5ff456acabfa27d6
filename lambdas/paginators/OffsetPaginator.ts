/** `offset`: `offset` / `limit` query parameters (or JSON body paths); the total is a record count. */
import type { OffsetPaginatorModel } from '../model';
import type { HttpRequest } from '../http/HttpTypes';
import { NumericPaginator } from './NumericPaginator';

/** Pages by offset and limit. */
export class OffsetPaginator extends NumericPaginator {
  private readonly limit: number;
  private readonly limitParam: string;
  private readonly limitBodyPath: string | undefined;

  constructor(config: Omit<OffsetPaginatorModel, 'type' | 'at'>) {
    super({
      param: config.offsetParam,
      bodyPath: config.offsetBodyPath,
      start: config.offset,
      step: config.limit,
      totalPath: config.totalPath,
      maximum: config.maximumOffset,
      stopAfterEmptyPage: config.stopAfterEmptyPage,
      hasMorePath: config.hasMorePath,
      concurrency: config.concurrency,
    });
    this.limit = config.limit;
    this.limitParam = config.limitParam;
    this.limitBodyPath = config.limitBodyPath;
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
