import type { AuthContext } from '../../../lambdas/auth/AuthContext';
import { ApiKeyAuth } from '../../../lambdas/auth/ApiKeyAuth';
import { BearerAuth } from '../../../lambdas/auth/BearerAuth';
import { createAuth as fromModel } from '../../../lambdas/auth/createAuth';
import { HttpBasicAuth } from '../../../lambdas/auth/HttpBasicAuth';
import { OAuth2ClientCredentials } from '../../../lambdas/auth/OAuth2ClientCredentials';
import { OAuth2RefreshToken } from '../../../lambdas/auth/OAuth2RefreshToken';
import { registerAuth, unregisterAuth } from '../../../lambdas/auth/registry';
import { normalizeAuth } from '../../../lambdas/config/normalizeSource';
import type { AuthConfig } from '../../../lambdas/config/schema';
import { ConfigValidationError } from '../../../lambdas/errors/ConfigValidationError';
import { silentLogger } from '../../../lambdas/observability/Logger';
import { isSecretRef } from '../../../lambdas/secrets/SecretRef';
import { testHttpClient } from '../../support/httpClient';

const values: Record<string, string> = { token: 'tok-value', key: 'key-value', pw: 'pw-value', rt: 'rt-value' };
const ctx: AuthContext = {
  sourceName: 'acme',
  configPath: 'resources[1].endpoint.auth',
  resolve: (v) => (isSecretRef(v) ? values['secret' in v ? v.secret : v.ssm] : v),
  secrets: { get: (r) => values['secret' in r ? r.secret : r.ssm], pathOf: (r) => ('secret' in r ? `/sluice/acme/${r.secret}` : r.ssm), put: async () => undefined },
  http: testHttpClient(),
  logger: silentLogger,
  count: () => undefined,
};
/** The strategy of an auth block as written at `ctx.configPath`. */
const createAuth = (config: AuthConfig, context: AuthContext) => fromModel(normalizeAuth(config, context.configPath), context);
const oauth = { access_token_url: 'https://auth.example/token', client_id: 'id', client_secret: { secret: 'pw' } };

describe('createAuth', () => {
  it.each([
    [{ type: 'bearer', token: { secret: 'token' } }, BearerAuth],
    [{ type: 'api_key', api_key: { secret: 'key' } }, ApiKeyAuth],
    [{ type: 'http_basic', username: 'u' }, HttpBasicAuth],
    [{ type: 'oauth2_client_credentials', ...oauth }, OAuth2ClientCredentials],
    [{ type: 'oauth2_refresh_token', ...oauth, refresh_token: { secret: 'rt' } }, OAuth2RefreshToken],
  ])('maps the built-in type %o to its strategy', (config, expected) => {
    expect(createAuth(config as AuthConfig, ctx)).toBeInstanceOf(expected);
  });

  it('uses the factory registered for a custom type', () => {
    const strategy = { authenticate: (r: Request) => r };
    registerAuth('test_custom_auth', (config, context) => (config.type === 'test_custom_auth' && context === ctx ? strategy : { authenticate: (r: Request) => r }));
    try {
      expect(createAuth({ type: 'test_custom_auth', extra: 1 } as AuthConfig, ctx)).toBe(strategy);
    } finally {
      unregisterAuth('test_custom_auth');
    }
  });

  it('rejects an unknown type with a ConfigValidationError naming the field path', () => {
    const error = (() => {
      try {
        createAuth({ type: 'kerberos' } as AuthConfig, ctx);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).issues[0].path).toBe('resources[1].endpoint.auth.type');
    expect((error as Error).message).toMatch(/unknown auth type "kerberos"; known types: "bearer", "api_key"/);
  });

  it('rejects client_auth basic without a client_id, naming the field', () => {
    expect(() => createAuth({ type: 'oauth2_refresh_token', access_token_url: 'https://a.example/t', refresh_token: { secret: 'rt' }, client_auth: 'basic' }, ctx)).toThrow(
      /resources\[1\]\.endpoint\.auth\.client_auth: "basic" needs client_id/,
    );
  });

  it('rejects an access_token_url parameter that is not an absolute http(s) URL, without quoting it', () => {
    expect(() => createAuth({ type: 'oauth2_client_credentials', ...oauth, access_token_url: { secret: 'token' } }, ctx)).toThrow(
      /resources\[1\]\.endpoint\.auth\.access_token_url: the referenced parameter does not hold an absolute http\(s\) URL/,
    );
  });
});
