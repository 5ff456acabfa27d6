/**
 * `bearer`: sends `Authorization: Bearer <token>`.
 * @example auth: { type: 'bearer', token: secret('api_token') }
 */
import type { BearerAuthModel } from '../model';
import { addSecret } from '../secrets/Redactor';
import type { AuthContext } from './AuthContext';
import type { AuthStrategy } from './AuthStrategy';
import { withHeader } from './withHeader';

/** A static bearer token. */
export class BearerAuth implements AuthStrategy {
  private readonly token: string;

  constructor(config: Pick<BearerAuthModel, 'token'>, ctx: AuthContext) {
    this.token = ctx.resolve(config.token);
    // A plaintext token (allow_plaintext_secrets) is not known to the Redactor yet.
    addSecret(this.token);
  }

  authenticate(request: Request): Request {
    return withHeader(request, 'Authorization', `Bearer ${this.token}`);
  }
}
