/**
 * `oauth2_refresh_token`: the refresh-token grant. When the token endpoint
 * rotates the refresh token, the new one is written back to its parameter
 * (SSM PutParameter, overwrite, SecureString; or the secrets file) before the
 * new access token is used, so the next invocation starts from the live token.
 * @example auth: { type: 'oauth2_refresh_token', access_token_url: 'https://auth.example.com/token',
 *   client_id: secret('client_id'), client_secret: secret('client_secret'), refresh_token: secret('refresh_token') }
 */
import type { OAuth2RefreshTokenAuthModel } from '../model';
import { AuthError } from '../errors/AuthError';
import { isSluiceError } from '../errors/SluiceError';
import { redactUrl } from '../http/redactUrl';
import type { SecretRef } from '../secrets/SecretRef';
import type { AuthContext } from './AuthContext';
import { OAuth2Base } from './OAuth2Base';

/** The refresh-token grant, with rotation written back. */
export class OAuth2RefreshToken extends OAuth2Base {
  private readonly ref: SecretRef;

  constructor(config: Omit<OAuth2RefreshTokenAuthModel, 'type'>, ctx: AuthContext) {
    super(config, ctx);
    this.ref = config.refreshToken;
  }

  /** Read on every token request: after a rotation it is the new token. */
  protected grantFields(): Record<string, string> {
    return { grant_type: 'refresh_token', refresh_token: this.ctx.secrets.get(this.ref) };
  }

  protected override async onTokenResponse(body: Record<string, unknown>): Promise<void> {
    const rotated = body.refresh_token;
    if (typeof rotated !== 'string' || rotated === '' || rotated === this.ctx.secrets.get(this.ref)) return;
    const path = this.ctx.secrets.pathOf(this.ref);
    try {
      await this.ctx.secrets.put(this.ref, rotated);
    } catch (error) {
      if (isSluiceError(error)) throw error;
      throw new AuthError(`the token endpoint rotated the refresh token but writing it back to ${path} failed`, { reason: 'secret_write', url: redactUrl(this.tokenUrl) }, { cause: error });
    }
    this.ctx.logger.info('saved the rotated refresh token', { parameter: path });
  }
}
