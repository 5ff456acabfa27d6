import { redactUrl } from '../../../lambdas/http/redactUrl';
import { clearTokenCache } from '../../../lambdas/auth/tokenCache';
import { clearSecrets } from '../../../lambdas/secrets/Redactor';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import { startFakeApi } from '../../support/fakeApi';
import type { FakeApi } from '../../support/fakeApi/types';
import { buildAuth, sendWith } from './authHarness';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi({ credentials: { basicPassword: '' } });
});
afterAll(() => api.close());
beforeEach(() => {
  clearTokenCache();
  clearSecrets();
  api.clearLog();
});

/** A FileSecretStore holding the fake API's credentials under /sluice/acme/. */
function store(): FileSecretStore {
  const c = api.credentials;
  return new FileSecretStore({
    '/sluice/acme/token': c.bearerToken,
    '/sluice/acme/api_key': c.apiKey,
    '/sluice/acme/user': c.basicUsername,
    '/sluice/acme/client_id': c.clientId,
    '/sluice/acme/client_secret': c.clientSecret,
    '/sluice/acme/refresh_token': c.refreshToken,
  });
}

function source(auth: Record<string, unknown>) {
  return { name: 'acme', client: { base_url: api.baseUrl, auth }, resources: ['items'] };
}

const oauth = { access_token_url: '', client_id: { secret: 'client_id' }, client_secret: { secret: 'client_secret' } };

describe('auth strategies against the fake API', () => {
  it.each([
    ['bearer', '/bearer/single/items', { type: 'bearer', token: { secret: 'token' } }],
    ['api_key in the X-API-Key header', '/apikey-header/single/items', { type: 'api_key', name: 'X-API-Key', api_key: { secret: 'api_key' } }],
    ['api_key in the api_key query parameter', '/apikey-query/single/items', { type: 'api_key', name: 'api_key', api_key: { secret: 'api_key' }, location: 'query' }],
    ['http_basic without a password (empty, Stripe style)', '/basic/single/items', { type: 'http_basic', username: { secret: 'user' } }],
    ['oauth2_client_credentials, secret in the body', '/oauth2/single/items', { type: 'oauth2_client_credentials', ...oauth }],
    ['oauth2_client_credentials, client_auth basic', '/oauth2/single/items', { type: 'oauth2_client_credentials', ...oauth, client_auth: 'basic' }],
    ['oauth2_refresh_token', '/oauth2/single/items', { type: 'oauth2_refresh_token', ...oauth, refresh_token: { secret: 'refresh_token' } }],
  ])('sends what the API accepts: %s', async (_name, path, auth) => {
    const config = 'access_token_url' in auth ? { ...auth, access_token_url: `${api.baseUrl}/oauth/token` } : auth;
    const { strategy } = await buildAuth(source(config), store());

    const unauthenticated = await fetch(`${api.baseUrl}${path}`);
    const response = await sendWith(strategy, `${api.baseUrl}${path}`);

    expect(unauthenticated.status).toBe(401);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });

  it('sends the key raw in the Authorization header when api_key has no name', async () => {
    const { strategy } = await buildAuth(source({ type: 'api_key', api_key: { secret: 'api_key' } }), store());
    await sendWith(strategy, `${api.baseUrl}/public/single/items`);
    expect(api.requests[0].headers.authorization).toBe(api.credentials.apiKey);
  });

  it('adds the query key to a URL that has parameters and keeps its body, with the key redacted in logged URLs', async () => {
    const { strategy } = await buildAuth(source({ type: 'api_key', name: 'api_key', api_key: { secret: 'api_key' }, location: 'query' }), store());

    const request = await strategy.authenticate(new Request(`${api.baseUrl}/apikey-query/single/items?limit=2`, { method: 'POST', body: '{"q":1}', headers: { 'content-type': 'application/json' } }));

    expect(new URL(request.url).searchParams.get('limit')).toBe('2');
    expect(await request.text()).toBe('{"q":1}');
    expect(redactUrl(request.url)).toBe(`${api.baseUrl}/apikey-query/single/items?limit=2&api_key=***`);
  });
});
