/**
 * Maps a declarative `auth` block to its strategy: a built-in `type`, else a
 * type registered with {@link registerAuth}.
 */
import type {
  ApiKeyAuthConfig,
  AuthConfig,
  BearerAuthConfig,
  HttpBasicAuthConfig,
  OAuth2ClientCredentialsConfig,
  OAuth2RefreshTokenConfig,
} from '../config/schema';
import { BUILT_IN_AUTH_TYPES } from '../config/authTypes';
import { ConfigValidationError } from '../errors/ConfigValidationError';
import { ApiKeyAuth } from './ApiKeyAuth';
import type { AuthContext, AuthStrategy } from './AuthStrategy';
import { BearerAuth } from './BearerAuth';
import { HttpBasicAuth } from './HttpBasicAuth';
import { OAuth2ClientCredentials } from './OAuth2ClientCredentials';
import { OAuth2RefreshToken } from './OAuth2RefreshToken';
import { registeredAuth, registeredAuthTypes } from './registry';

/**
 * The strategy for `config`.
 * @throws ConfigValidationError naming `<configPath>.type` when the type is neither built in nor registered
 */
export function createAuth(config: AuthConfig, ctx: AuthContext): AuthStrategy {
  // dlt: a block without a type is bearer.
  const type = config.type ?? 'bearer';
  switch (type) {
    case 'bearer':
      return new BearerAuth(config as BearerAuthConfig, ctx);
    case 'api_key':
      return new ApiKeyAuth(config as ApiKeyAuthConfig, ctx);
    case 'http_basic':
      return new HttpBasicAuth(config as HttpBasicAuthConfig, ctx);
    case 'oauth2_client_credentials':
      return new OAuth2ClientCredentials(config as OAuth2ClientCredentialsConfig, ctx);
    case 'oauth2_refresh_token':
      return new OAuth2RefreshToken(config as OAuth2RefreshTokenConfig, ctx);
  }
  const factory = registeredAuth(type);
  if (!factory) {
    const known = [...BUILT_IN_AUTH_TYPES, ...registeredAuthTypes()].map((t) => `"${t}"`).join(', ');
    throw new ConfigValidationError(undefined, [
      { path: `${ctx.configPath}.type`, message: `unknown auth type "${type}"; known types: ${known} (register a custom one with registerAuth)` },
    ]);
  }
  return factory(config as Record<string, unknown> & { type: string }, ctx);
}
