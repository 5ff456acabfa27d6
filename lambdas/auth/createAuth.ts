/**
 * Maps an auth model to its strategy: a built-in `type`, else a type
 * registered with {@link registerAuth}.
 */
import { BUILT_IN_AUTH_TYPES } from '../config/authTypes';
import type { AuthModel } from '../model';
import { ConfigValidationError } from '../errors/ConfigValidationError';
import { ApiKeyAuth } from './ApiKeyAuth';
import type { AuthContext } from './AuthContext';
import type { AuthStrategy } from './AuthStrategy';
import { BearerAuth } from './BearerAuth';
import { HttpBasicAuth } from './HttpBasicAuth';
import { OAuth2ClientCredentials } from './OAuth2ClientCredentials';
import { OAuth2RefreshToken } from './OAuth2RefreshToken';
import { registeredAuth, registeredAuthTypes } from './registry';

/**
 * The strategy for `config`.
 * @throws ConfigValidationError naming `<configPath>.type` when the type is neither built in nor registered
 */
export function createAuth(config: AuthModel, ctx: AuthContext): AuthStrategy {
  switch (config.type) {
    case 'bearer':
      return new BearerAuth(config, ctx);
    case 'api_key':
      return new ApiKeyAuth(config, ctx);
    case 'http_basic':
      return new HttpBasicAuth(config, ctx);
    case 'oauth2_client_credentials':
      return new OAuth2ClientCredentials(config, ctx);
    case 'oauth2_refresh_token':
      return new OAuth2RefreshToken(config, ctx);
    case 'custom': {
      const factory = registeredAuth(config.name);
      if (!factory) {
        const known = [...BUILT_IN_AUTH_TYPES, ...registeredAuthTypes()].map((t) => `"${t}"`).join(', ');
        throw new ConfigValidationError(undefined, [
          { path: `${ctx.configPath}.type`, message: `unknown auth type "${config.name}"; known types: ${known} (register a custom one with registerAuth)` },
        ]);
      }
      return factory({ ...config.config }, ctx);
    }
  }
}
