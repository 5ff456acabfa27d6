/**
 * What a custom paginator type registers: a factory from its block, as written
 * in the source, to a fresh {@link Paginator}. The factory validates its own
 * options (the schema only checks that a custom block has a `type`), and it is
 * called at validation too, so that `sluice validate` and `cdk synth` report a
 * bad option with its field path before any request: keep it free of side
 * effects.
 */
import type { Logger } from '../observability/Logger';
import type { Paginator } from './Paginator';

/** What a factory is told besides the block. */
export interface PaginatorContext {
  /** Where the block is declared, e.g. `resources[0].endpoint.paginator`: the prefix of every field path the factory reports. */
  readonly configPath: string;
  /** Where a run's paginator may log; absent when the factory is called to validate the block. */
  readonly logger?: Logger;
}

/**
 * Builds the paginator of one request chain from its block (with `type`).
 * @throws ConfigValidationError naming the bad fields under `ctx.configPath` (see `parsePaginatorConfig`)
 * @example (config, ctx) => new TokenPaginator(parsePaginatorConfig(TokenPaginatorSchema, config, ctx))
 */
export type PaginatorFactory = (config: Readonly<Record<string, unknown>>, ctx: PaginatorContext) => Paginator;
