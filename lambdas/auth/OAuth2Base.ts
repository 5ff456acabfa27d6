/**
 * The shared machinery of the OAuth2 grants: the token request, the module-scope
 * token cache (one token across resources and warm invocations), refresh ahead
 * of expiry, one in-flight request for concurrent callers, and the 401
 * drop-and-retry. A grant (or a custom one) overrides only the steps that differ:
 * {@link OAuth2Base.grantFields}, {@link OAuth2Base.buildTokenRequest},
 * {@link OAuth2Base.parseToken}, {@link OAuth2Base.parseExpiresIn},
 * {@link OAuth2Base.onTokenResponse}.
 */
import { DEFAULTS } from '../config/defaults';
import { ConfigValidationError } from '../errors/ConfigValidationError';
import { AuthError } from '../errors/AuthError';
import { redactUrl } from '../http/redactUrl';
import { addEncodedSecret, addSecret } from '../secrets/Redactor';
import { TOKEN_FORM_CREDENTIAL_FIELDS } from '../secrets/credentialFields';
import { isSecretRef } from '../secrets/SecretRef';
import type { OAuth2CommonModel } from '../model';
import type { AuthContext } from './AuthContext';
import type { AuthStrategy } from './AuthStrategy';
import { authPost } from './authPost';
import { basicCredential } from './HttpBasicAuth';
import { cachedToken, countTokenRequest, dropToken, getToken, tokenCacheKey } from './tokenCache';
import type { CachedToken } from './tokenCache';
import { withHeader } from './withHeader';

/** Used when the token response has no `expires_in` and `default_token_expiration` is absent. */
export const DEFAULT_TOKEN_EXPIRATION_SECONDS = DEFAULTS.auth.tokenExpirationSeconds;

/** The fields every OAuth2 grant shares, as normalized (`normalizeAuth` turns a written block into it). */
export type OAuth2CommonConfig = Omit<OAuth2CommonModel, 'at'>;

/** A token request, before it is sent: override {@link OAuth2Base.buildTokenRequest} to change it. */
export interface TokenRequest {
  /** The token endpoint. */
  url: string;
  /** Extra headers (`Authorization: Basic` with `client_auth: basic`). */
  headers: Record<string, string>;
  /** The form fields, sent `application/x-www-form-urlencoded`. */
  form: Record<string, string>;
}

/** Base class of the OAuth2 strategies. */
export abstract class OAuth2Base implements AuthStrategy {
  /** The token endpoint, resolved. */
  protected readonly tokenUrl: string;
  protected readonly clientId: string | undefined;
  protected readonly clientSecret: string | undefined;
  /** Space-separated scopes, if any. */
  protected readonly scope: string | undefined;
  protected readonly audience: string | undefined;
  /** `access_token_request_data`, resolved: merged last into the form. */
  protected readonly extraData: Readonly<Record<string, string>>;
  protected readonly clientAuth: 'body' | 'basic';
  protected readonly defaultExpiresIn: number;
  protected readonly now: () => number;

  constructor(
    config: OAuth2CommonConfig,
    protected readonly ctx: AuthContext,
  ) {
    this.tokenUrl = ctx.resolve(config.tokenUrl);
    if (isSecretRef(config.tokenUrl) && !/^https?:\/\/[^/]/i.test(this.tokenUrl)) {
      throw new ConfigValidationError(undefined, [{ path: `${ctx.configPath}.access_token_url`, message: 'the referenced parameter does not hold an absolute http(s) URL' }]);
    }
    this.clientId = config.clientId === undefined ? undefined : ctx.resolve(config.clientId);
    this.clientSecret = config.clientSecret === undefined ? undefined : ctx.resolve(config.clientSecret);
    addSecret(this.clientSecret);
    this.scope = config.scopes.length > 0 ? config.scopes.join(' ') : undefined;
    this.audience = config.audience === undefined ? undefined : ctx.resolve(config.audience);
    this.extraData = Object.fromEntries(Object.entries(config.extraData).map(([k, v]) => [k, ctx.resolve(v)]));
    this.clientAuth = config.clientAuth;
    if (this.clientAuth === 'basic' && this.clientId === undefined) {
      throw new ConfigValidationError(undefined, [{ path: `${ctx.configPath}.client_auth`, message: '"basic" needs client_id (and client_secret)' }]);
    }
    this.defaultExpiresIn = config.defaultExpiresIn;
    this.now = ctx.now ?? Date.now;
  }

  /** The grant's own form fields, e.g. `{ grant_type: 'client_credentials' }`. */
  protected abstract grantFields(): Record<string, string>;

  /**
   * The token request: grant fields, scope, audience, client credentials (form
   * fields or a Basic header), then `access_token_request_data` merged last so
   * it can override anything, `grant_type` included.
   */
  protected buildTokenRequest(): TokenRequest {
    const form: Record<string, string> = { ...this.grantFields() };
    const headers: Record<string, string> = {};
    if (this.scope) form.scope = this.scope;
    if (this.audience) form.audience = this.audience;
    if (this.clientAuth === 'basic') {
      // Not form-encoded before base64 (RFC 6749 2.3.1 says to): the providers that need Basic decode it as sent.
      const encoded = basicCredential(this.clientId ?? '', this.clientSecret ?? '');
      addEncodedSecret(`${this.clientId ?? ''}:${this.clientSecret ?? ''}`);
      headers.Authorization = `Basic ${encoded}`;
    } else {
      if (this.clientId !== undefined) form.client_id = this.clientId;
      if (this.clientSecret !== undefined) form.client_secret = this.clientSecret;
    }
    return { url: this.tokenUrl, headers, form: { ...form, ...this.extraData } };
  }

  /** The access token of a token response. @throws AuthError when absent */
  protected parseToken(body: Record<string, unknown>): string {
    const token = body.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new AuthError(`the token response has no access_token (keys: ${Object.keys(body).join(', ') || 'none'})`, { reason: 'token_response', url: redactUrl(this.tokenUrl) });
    }
    return token;
  }

  /** Seconds the token lives: `expires_in` as a number or numeric string, else `default_token_expiration`. */
  protected parseExpiresIn(body: Record<string, unknown>): number {
    const raw = body.expires_in;
    const seconds = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (Number.isFinite(seconds) && seconds > 0) return seconds;
    if (raw !== undefined && raw !== null) {
      this.ctx.logger.warn('the token response has an unusable expires_in; using default_token_expiration', { seconds: this.defaultExpiresIn });
    }
    return this.defaultExpiresIn;
  }

  /** Called with every token response before its access token is used (the refresh-token grant saves a rotated token here). */
  protected async onTokenResponse(_body: Record<string, unknown>): Promise<void> {}

  /** What makes two strategies' tokens interchangeable: the token request without its credentials, plus the client id. */
  protected cacheKey(): string {
    const { url, form } = this.buildTokenRequest();
    const visible = Object.entries(form).filter(([k]) => !TOKEN_FORM_CREDENTIAL_FIELDS.has(k)).sort(([a], [b]) => a.localeCompare(b));
    return tokenCacheKey([url, this.clientId ?? null, visible]);
  }

  async authenticate(request: Request): Promise<Request> {
    const token = await getToken(this.cacheKey(), this.now(), () => this.fetchToken());
    // Again here: a token cached by an earlier invocation outlives a cleared Redactor.
    addSecret(token.accessToken);
    return withHeader(request, 'Authorization', `Bearer ${token.accessToken}`);
  }

  /**
   * The API answered 401: drops the cached token if it is still the rejected one
   * and asks the client to retry once (it will fetch a fresh token). False when
   * the request carried no bearer token, so retrying cannot help.
   */
  async onUnauthorized(request: Request): Promise<boolean> {
    const header = request.headers.get('authorization') ?? '';
    if (!/^Bearer /i.test(header)) return false;
    const dropped = dropToken(this.cacheKey(), header.slice(7));
    this.ctx.logger.warn('the API answered 401; retrying once with a fresh token', { url: redactUrl(request.url), dropped });
    return true;
  }

  private async fetchToken(): Promise<CachedToken> {
    const issuedAt = this.now();
    const request = this.buildTokenRequest();
    countTokenRequest();
    this.ctx.count('tokenRequests', 1);
    const body = await authPost(
      { url: request.url, headers: request.headers, body: new URLSearchParams(request.form), what: 'token endpoint', reason: 'token_request' },
      this.ctx,
    );
    const accessToken = this.parseToken(body);
    addSecret(accessToken);
    const lifetime = this.parseExpiresIn(body);
    await this.onTokenResponse(body);
    this.ctx.logger.debug('obtained an OAuth2 access token', { url: redactUrl(request.url), expires_in: lifetime });
    return cachedToken(accessToken, lifetime, issuedAt);
  }
}
