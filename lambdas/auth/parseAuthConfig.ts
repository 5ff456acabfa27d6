/**
 * Validates a custom strategy's `auth` block against its own zod schema, for
 * factories registered with `registerAuth`: the built-in schema only checks
 * that a custom block has a `type`. Problems are reported with the block's
 * field paths (`client.auth.login_url: required (string)`).
 */
import type { z } from 'zod';
import { parseCustomConfig } from '../config/parseCustomConfig';
import type { AuthContext } from './AuthContext';

/**
 * The parsed block.
 * @throws ConfigValidationError naming each bad field under `ctx.configPath`
 * @example const config = parseAuthConfig(SessionLoginSchema, raw, ctx);
 */
export function parseAuthConfig<S extends z.ZodType>(schema: S, config: unknown, ctx: Pick<AuthContext, 'configPath'>): z.output<S> {
  return parseCustomConfig(schema, config, ctx);
}
