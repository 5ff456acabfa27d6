/**
 * Validates a custom paginator's block against its own zod schema, for
 * factories registered with `registerPaginator`: the built-in schema only
 * checks that a custom block has a `type`. Problems are reported with the
 * block's field paths (`resources[0].endpoint.paginator.page_size: …`).
 */
import type { z } from 'zod';
import { parseCustomConfig } from '../config/parseCustomConfig';
import type { PaginatorContext } from './PaginatorFactory';

/**
 * The parsed block.
 * @throws ConfigValidationError naming each bad field under `ctx.configPath`
 * @example const options = parsePaginatorConfig(ContinuationHeaderSchema, config, ctx);
 */
export function parsePaginatorConfig<S extends z.ZodType>(schema: S, config: unknown, ctx: Pick<PaginatorContext, 'configPath'>): z.output<S> {
  return parseCustomConfig(schema, config, ctx);
}
