/**
 * The names of the built-in auth strategies. Kept apart from `schema.ts` (which
 * re-exports it), so that the engine's run path can name them without loading
 * zod and building the source schema: a deployed JSON source is validated at
 * synth, not at init.
 */

/** Built-in `auth.type` values; anything else must be registered with `registerAuth`. */
export const BUILT_IN_AUTH_TYPES = [
  'bearer',
  'api_key',
  'http_basic',
  'oauth2_client_credentials',
  'oauth2_refresh_token',
] as const;
