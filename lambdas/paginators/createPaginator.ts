/** Maps a paginator model to its paginator: a built-in `type`, else a type registered with `registerPaginator`. */
import { ConfigValidationError } from '../errors/ConfigValidationError';
import type { CustomPaginatorModel, PaginatorModel } from '../model';
import type { Logger } from '../observability/Logger';
import { AutoPaginator } from './AutoPaginator';
import { CursorPaginator } from './CursorPaginator';
import { HeaderCursorPaginator } from './HeaderCursorPaginator';
import { HeaderLinkPaginator } from './HeaderLinkPaginator';
import { JsonLinkPaginator } from './JsonLinkPaginator';
import { OffsetPaginator } from './OffsetPaginator';
import { PageNumberPaginator } from './PageNumberPaginator';
import type { Paginator } from './Paginator';
import { registeredPaginator, unknownPaginatorMessage } from './registry';
import { SinglePagePaginator } from './SinglePagePaginator';

/**
 * A fresh paginator for one request chain.
 * @param logger where `auto` says what it detected (and a custom paginator may log).
 * @throws ConfigValidationError naming `<at>.type` when a custom type is not registered, or the factory's own field paths
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
    case 'custom':
      return createCustomPaginator(config, logger);
  }
}

/** The paginator of a registered type; validation refuses an unregistered one, so this error means the registering module did not load. */
function createCustomPaginator(config: CustomPaginatorModel, logger: Logger | undefined): Paginator {
  const factory = registeredPaginator(config.name);
  if (!factory) {
    throw new ConfigValidationError(undefined, [{ path: `${config.at}.type`, message: unknownPaginatorMessage(config.name) }]);
  }
  return factory({ ...config.config }, { configPath: config.at, logger });
}
