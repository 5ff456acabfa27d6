/**
 * Validates the block of a custom type (an auth strategy registered with
 * `registerAuth`, a paginator registered with `registerPaginator`) against the
 * type's own zod schema: the built-in schema only checks that a custom block
 * has a `type`. Problems are reported with the block's field paths
 * (`client.auth.login_url: required (string)`).
 */
import type { z } from 'zod';
import { ConfigValidationError } from '../errors/ConfigValidationError';
import { formatIssues } from './formatIssues';

/**
 * The parsed block.
 * @throws ConfigValidationError naming each bad field under `ctx.configPath`
 */
export function parseCustomConfig<S extends z.ZodType>(schema: S, config: unknown, ctx: { readonly configPath: string }): z.output<S> {
  // As validateSource does: with the input, a wrong type says what it got instead of "required".
  const result = schema.safeParse(config, { reportInput: true });
  if (result.success) return result.data;
  throw new ConfigValidationError(
    undefined,
    formatIssues(result.error.issues).map((i) => ({ path: i.path ? `${ctx.configPath}.${i.path}` : ctx.configPath, message: i.message })),
  );
}
