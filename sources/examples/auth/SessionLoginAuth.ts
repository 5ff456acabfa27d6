/**
 * Example: a session-login strategy, for APIs without OAuth2 that issue a
 * session token from a login endpoint. It POSTs `{"username", "password"}` as
 * JSON to `login_url`, reads the token from the response (`token_field`,
 * default `token`) and sends it as `Authorization: Bearer <token>`. The token is
 * kept in sluice's token cache (shared by every resource and warm invocation,
 * renewed ahead of `expires_in` or `session_lifetime_seconds`), and on a 401 it
 * logs in again once.
 *
 * Usage, in a TypeScript source (`sources/crm.ts`):
 *
 * ```ts
 * import { defineSource } from '../lambdas/config/validateSource';
 * import { secret } from '../lambdas/secrets/SecretRef';
 * import './examples/auth/SessionLoginAuth'; // registers `session_login`
 *
 * export default defineSource({
 *   name: 'crm',
 *   schedule: 'rate(1 day)',
 *   client: {
 *     base_url: 'https://crm.example/api/',
 *     auth: { type: 'session_login', login_url: 'https://crm.example/api/login', username: 'etl', password: secret('password') },
 *   },
 *   resources: ['contacts'],
 * });
 * ```
 */
import { z } from 'zod';
import { authPost, cachedToken, dropToken, getToken, parseAuthConfig, registerAuth, tokenCacheKey, withHeader } from '../../../lambdas/auth';
import type { AuthContext, AuthStrategy } from '../../../lambdas/auth';
import { StringOrSecretSchema } from '../../../lambdas/config/schema';
import { AuthError } from '../../../lambdas/errors/AuthError';
import { redactUrl } from '../../../lambdas/http/redactUrl';
import { addEncodedSecret, addSecret } from '../../../lambdas/secrets/Redactor';

/** The `session_login` block. */
export const SessionLoginSchema = z.strictObject({
  type: z.literal('session_login'),
  login_url: StringOrSecretSchema.describe('The login endpoint (absolute http(s) URL)'),
  username: StringOrSecretSchema,
  password: StringOrSecretSchema.describe('A secret reference'),
  token_field: z.string().min(1).optional().describe('The response field holding the token (default "token")'),
  session_lifetime_seconds: z.number().int().positive().optional().describe('Used when the response has no expires_in (default 3600)'),
});

/** Logs in with a username and password and sends the session token as a bearer token. */
export class SessionLoginAuth implements AuthStrategy {
  private readonly loginUrl: string;
  private readonly username: string;
  private readonly password: string;
  private readonly tokenField: string;
  private readonly lifetime: number;
  private readonly key: string;
  private readonly now: () => number;

  constructor(
    config: z.output<typeof SessionLoginSchema>,
    private readonly ctx: AuthContext,
  ) {
    this.loginUrl = ctx.resolve(config.login_url);
    this.username = ctx.resolve(config.username);
    this.password = ctx.resolve(config.password);
    addSecret(this.password);
    // An API may echo the pair the way Basic auth carries it (base64 of `username:password`).
    addEncodedSecret(`${this.username}:${this.password}`);
    this.tokenField = config.token_field ?? 'token';
    this.lifetime = config.session_lifetime_seconds ?? 3600;
    this.key = tokenCacheKey(['session_login', this.loginUrl, this.username]);
    this.now = ctx.now ?? Date.now;
  }

  async authenticate(request: Request): Promise<Request> {
    const { accessToken } = await getToken(this.key, this.now(), () => this.login());
    return withHeader(request, 'Authorization', `Bearer ${accessToken}`);
  }

  /** Drops the rejected session (unless another caller already replaced it); the client retries once after a new login. */
  async onUnauthorized(request: Request): Promise<boolean> {
    const header = request.headers.get('authorization') ?? '';
    if (!header.startsWith('Bearer ')) return false;
    dropToken(this.key, header.slice(7));
    return true;
  }

  private async login() {
    const issuedAt = this.now();
    this.ctx.count('tokenRequests', 1);
    const body = await authPost(
      {
        url: this.loginUrl,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: this.username, password: this.password }),
        what: 'login endpoint',
        reason: 'login',
      },
      this.ctx,
    );
    const token = body[this.tokenField];
    if (typeof token !== 'string' || token === '') {
      throw new AuthError(`the login response has no "${this.tokenField}" (keys: ${Object.keys(body).join(', ') || 'none'})`, { reason: 'login', url: redactUrl(this.loginUrl) });
    }
    addSecret(token);
    const expiresIn = Number(body.expires_in);
    return cachedToken(token, Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : this.lifetime, issuedAt);
  }
}

registerAuth('session_login', (config, ctx) => new SessionLoginAuth(parseAuthConfig(SessionLoginSchema, config, ctx), ctx));
