/** `single_page`: one request, no pagination (the null object of paginators). */
import { BasePaginator } from './BasePaginator';
import type { PaginatorState } from './Paginator';

/** Reads one page and stops. */
export class SinglePagePaginator extends BasePaginator {
  initRequest(): void {}

  updateState(): void {
    this.hasNext = false;
  }

  updateRequest(): void {}

  saveState(): PaginatorState {
    return { has_next: this.hasNext };
  }

  restoreState(state: PaginatorState): void {
    this.hasNext = state.has_next !== false;
  }

  describe(): string {
    return 'single_page';
  }
}
