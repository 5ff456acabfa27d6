/** Maps a paginator model to its paginator. */
import type { PaginatorModel } from '../model';
import type { Logger } from '../observability/Logger';
import { AutoPaginator } from './AutoPaginator';
import { CursorPaginator } from './CursorPaginator';
import { HeaderCursorPaginator } from './HeaderCursorPaginator';
import { HeaderLinkPaginator } from './HeaderLinkPaginator';
import { JsonLinkPaginator } from './JsonLinkPaginator';
import { OffsetPaginator } from './OffsetPaginator';
import { PageNumberPaginator } from './PageNumberPaginator';
import type { Paginator } from './Paginator';
import { SinglePagePaginator } from './SinglePagePaginator';

/**
 * A fresh paginator for one request chain.
 * @param logger where `auto` says what it detected.
 */
export function createPaginator(config: PaginatorModel, logger?: Logger): Paginator {
  switch (config.type) {
    case 'json_link':
      return new JsonLinkPaginator(config);
    case 'header_link':
      return new HeaderLinkPaginator(config);
    case 'offset':
      return new OffsetPaginator(config);
    case 'page_number':
      return new PageNumberPaginator(config);
    case 'cursor':
      return new CursorPaginator(config);
    case 'header_cursor':
      return new HeaderCursorPaginator(config);
    case 'single_page':
      return new SinglePagePaginator();
    case 'auto':
      return new AutoPaginator(logger);
  }
}
