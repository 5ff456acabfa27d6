/**
 * `oauth2_client_credentials`: the client-credentials grant, with the client's
 * id and secret as form fields (`client_auth: body`, default) or as a Basic
 * header (`client_auth: basic`, as Spotify, eBay or Reddit require).
 * @example auth: { type: 'oauth2_client_credentials', access_token_url: 'https://auth.example.com/oauth/token',
 *   client_id: secret('client_id'), client_secret: secret('client_secret'), scopes: ['read', 'write'] }
 */
import type { OAuth2ClientCredentialsAuthModel } from '../model';
import type { AuthContext } from './AuthContext';
import { OAuth2Base } from './OAuth2Base';

/** The client-credentials grant. Subclass it and override a step for a custom grant. */
export class OAuth2ClientCredentials extends OAuth2Base {
  constructor(config: Omit<OAuth2ClientCredentialsAuthModel, 'type'>, ctx: AuthContext) {
    super(config, ctx);
  }

  protected grantFields(): Record<string, string> {
    return { grant_type: 'client_credentials' };
  }
}
