import { clearTokenCache } from '../../../lambdas/auth/tokenCache';
import { ConfigValidationError } from '../../../lambdas/errors/ConfigValidationError';
import { clearSecrets } from '../../../lambdas/secrets/Redactor';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import { CUSTOM_GRANT_TYPE } from '../../../sources/examples/auth/CustomGrantAuth';
import '../../../sources/examples/auth/SessionLoginAuth';
import { startFakeApi } from '../../support/fakeApi';
import type { FakeApi } from '../../support/fakeApi/types';
import { buildAuth, sendWith } from './authHarness';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(() => api.close());
beforeEach(() => {
  clearTokenCache();
  clearSecrets();
  api.clearLog();
});

function store(): FileSecretStore {
  const c = api.credentials;
  return new FileSecretStore({ '/sluice/acme/client_id': c.clientId, '/sluice/acme/client_secret': c.clientSecret, '/sluice/acme/password': c.loginPassword });
}

const source = (auth: Record<string, unknown>) => ({ name: 'acme', client: { base_url: api.baseUrl, auth }, resources: ['items'] });

describe('example: CustomGrantAuth (custom_grant)', () => {
  const auth = () => ({ type: 'custom_grant', access_token_url: `${api.baseUrl}/oauth/token`, client_id: { secret: 'client_id' }, client_secret: { secret: 'client_secret' } });

  it('asks for the custom grant with scope read:all and keeps the shared token cache', async () => {
    const resources = [await buildAuth(source(auth()), store()), await buildAuth(source(auth()), store())];
    const statuses = [];
    for (const { strategy } of resources) statuses.push((await sendWith(strategy, `${api.baseUrl}/oauth2/single/items`)).status);

    const tokenRequests = api.requests.filter((r) => r.path === '/oauth/token');
    expect(statuses).toEqual([200, 200]);
    expect(tokenRequests).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(tokenRequests[0].body))).toMatchObject({ grant_type: CUSTOM_GRANT_TYPE, scope: 'read:all', client_id: api.credentials.clientId });
  });

  it('validates its block with field paths', async () => {
    await expect(buildAuth(source({ type: 'custom_grant', client_id: 'x', client_secret: { secret: 'client_secret' } }), store())).rejects.toThrow(
      /client\.auth\.access_token_url/,
    );
  });
});

describe('example: SessionLoginAuth (session_login)', () => {
  const auth = () => ({ type: 'session_login', login_url: `${api.baseUrl}/login`, username: api.credentials.loginUsername, password: { secret: 'password' } });

  it('logs in once, sends the session token as Bearer, and shares it across resources', async () => {
    const first = await buildAuth(source(auth()), store());
    const second = await buildAuth(source(auth()), store());

    expect((await sendWith(first.strategy, `${api.baseUrl}/session/single/items`)).status).toBe(200);
    expect((await sendWith(second.strategy, `${api.baseUrl}/session/single/items`)).status).toBe(200);

    const logins = api.requests.filter((r) => r.path === '/login');
    expect(logins).toHaveLength(1);
    expect(JSON.parse(logins[0].body)).toEqual({ username: api.credentials.loginUsername, password: api.credentials.loginPassword });
    expect(first.counts.tokenRequests).toBe(1);
  });

  it('logs in again once after a 401', async () => {
    const { strategy } = await buildAuth(source(auth()), store());
    const before = await strategy.authenticate(new Request(`${api.baseUrl}/session/single/items`));
    api.revokeTokens();
    expect((await fetch(before)).status).toBe(401);

    expect(await strategy.onUnauthorized!(before)).toBe(true);
    expect((await sendWith(strategy, `${api.baseUrl}/session/single/items`)).status).toBe(200);
    expect(api.requests.filter((r) => r.path === '/login')).toHaveLength(2);
  });

  it('reports wrong credentials as an AuthError with the status, not the password', async () => {
    const wrong = new FileSecretStore({ '/sluice/acme/password': 'not-the-password' });
    const { strategy } = await buildAuth(source(auth()), wrong);
    const error = await Promise.resolve(strategy.authenticate(new Request(`${api.baseUrl}/session/single/items`))).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth_failed', status: 401, error: 'invalid_credentials' });
    expect((error as Error).message).not.toContain('not-the-password');
  });

  it('scrubs a login error that echoes base64(username:password) whole, as a Basic header would carry it', async () => {
    const pair = Buffer.from(`${api.credentials.loginUsername}:${api.credentials.loginPassword}`).toString('base64');
    api.addFault({ path: '/login', kind: 'status', status: 400, body: JSON.stringify({ error: 'invalid_request', error_description: `got Basic ${pair}` }), times: Infinity });
    const { strategy } = await buildAuth(source(auth()), store());
    const error = await Promise.resolve(strategy.authenticate(new Request(`${api.baseUrl}/session/single/items`))).catch((e: unknown) => e);
    api.clearFaults();

    expect(error).toMatchObject({ code: 'auth_failed', status: 400 });
    // The password alone is registered too, so its part of the base64 text goes anyway; the pair's own form takes the rest.
    expect((error as Error).message).toContain('got Basic ***');
    expect((error as Error).message).not.toContain(pair.slice(0, 6));
  });

  it('names a missing field of its block', async () => {
    const error = await buildAuth(source({ type: 'session_login', username: 'u', password: { secret: 'password' } }), store()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as Error).message).toContain('client.auth.login_url');
  });
});
