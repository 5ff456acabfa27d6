import { clearTokenCache, tokenRequestCount } from '../../../lambdas/auth/tokenCache';
import { AuthError } from '../../../lambdas/errors/AuthError';
import { clearSecrets } from '../../../lambdas/secrets/Redactor';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import { startFakeApi } from '../../support/fakeApi';
import type { FakeApi } from '../../support/fakeApi/types';
import { buildAuth, sendWith } from './authHarness';

let now = 0;
let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi({ tokenLifetimeSeconds: 100, now: () => now });
});
afterAll(() => api.close());
beforeEach(() => {
  clearTokenCache();
  clearSecrets();
  api.clearLog();
  now = Date.UTC(2026, 0, 1);
});

const items = () => `${api.baseUrl}/oauth2/single/items`;
const issued = () => api.requests.filter((r) => r.path === '/oauth/token' && r.status === 200).length;

/** One invocation's strategy: secrets resolved afresh, strategy built afresh, as a run does. */
async function strategy(scopes = 'read') {
  const c = api.credentials;
  const store = new FileSecretStore({ '/sluice/acme/client_id': c.clientId, '/sluice/acme/client_secret': c.clientSecret });
  const definition = {
    name: 'acme',
    client: {
      base_url: api.baseUrl,
      auth: { type: 'oauth2_client_credentials', access_token_url: `${api.baseUrl}/oauth/token`, client_id: { secret: 'client_id' }, client_secret: { secret: 'client_secret' }, scopes },
    },
    resources: ['items'],
  };
  return buildAuth(definition, store, { now: () => now });
}

describe('OAuth2Base token handling', () => {
  it('makes one token request for five resources and two invocations in one process', async () => {
    for (let invocation = 0; invocation < 2; invocation++) {
      const resources = await Promise.all(Array.from({ length: 5 }, () => strategy()));
      const statuses = await Promise.all(resources.map(async ({ strategy: s }) => (await sendWith(s, items())).status));
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      now += 30_000;
    }
    expect(issued()).toBe(1);
    expect(tokenRequestCount()).toBe(1);
  });

  it('keeps separate tokens for different scopes', async () => {
    await sendWith((await strategy('read')).strategy, items());
    await sendWith((await strategy('write')).strategy, items());
    expect(issued()).toBe(2);
  });

  it('makes concurrent requests that find no token wait on a single token request', async () => {
    const { strategy: s, counts } = await strategy();
    const requests = await Promise.all(Array.from({ length: 8 }, () => s.authenticate(new Request(items()))));
    expect(new Set(requests.map((r) => r.headers.get('authorization'))).size).toBe(1);
    expect(issued()).toBe(1);
    expect(counts.tokenRequests).toBe(1);
  });

  it('refreshes a 100 s token 10 s before it expires, so it never expires in flight', async () => {
    const { strategy: s } = await strategy();
    const first = await s.authenticate(new Request(items()));

    now += 89_999;
    const beforeSkew = await s.authenticate(new Request(items()));
    now += 1;
    const afterSkew = await s.authenticate(new Request(items()));

    expect(beforeSkew.headers.get('authorization')).toBe(first.headers.get('authorization'));
    expect(afterSkew.headers.get('authorization')).not.toBe(first.headers.get('authorization'));
    expect((await fetch(beforeSkew)).status).toBe(200);
    expect((await fetch(afterSkew)).status).toBe(200);
    expect(issued()).toBe(2);
  });

  it('drops a rejected token on 401 and fetches a new one for the single retry', async () => {
    const { strategy: s } = await strategy();
    const first = await s.authenticate(new Request(items()));
    api.revokeTokens();
    const rejected = await fetch(first);
    expect(rejected.status).toBe(401);

    const retry = await s.onUnauthorized!(first);
    const second = await s.authenticate(new Request(items()));

    expect(retry).toBe(true);
    expect(second.headers.get('authorization')).not.toBe(first.headers.get('authorization'));
    expect((await fetch(second)).status).toBe(200);
    expect(issued()).toBe(2);
  });

  it('does not drop a newer token when a stale request reports its 401 late', async () => {
    const { strategy: s } = await strategy();
    const stale = await s.authenticate(new Request(items()));
    await s.onUnauthorized!(stale);
    const fresh = await s.authenticate(new Request(items()));

    expect(await s.onUnauthorized!(stale)).toBe(true);
    expect((await s.authenticate(new Request(items()))).headers.get('authorization')).toBe(fresh.headers.get('authorization'));
    expect(issued()).toBe(2);
  });

  it('declines a retry for a request that carried no bearer token', async () => {
    const { strategy: s } = await strategy();
    expect(await s.onUnauthorized!(new Request(items()))).toBe(false);
  });

  it('describes a second 401 as the fresh token being rejected', () => {
    const error = AuthError.freshTokenRejected('GET', `${api.baseUrl}/oauth2/single/items`);
    expect(error).toMatchObject({ code: 'auth_failed', reason: 'token_rejected', status: 401 });
    expect(error.message).toMatch(/401 again with a freshly obtained token: the API rejected the fresh token too/);
  });
});
