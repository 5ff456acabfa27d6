import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { clearTokenCache } from '../../../lambdas/auth/tokenCache';
import { SecretAccessDeniedError } from '../../../lambdas/errors/SecretAccessDeniedError';
import { clearSecrets } from '../../../lambdas/secrets/Redactor';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import type { SecretStore } from '../../../lambdas/secrets/SecretStore';
import { clearSecretCache } from '../../../lambdas/secrets/secretCache';
import { SsmSecretStore } from '../../../lambdas/secrets/SsmSecretStore';
import { testSsmClient } from '../../support/aws';
import { startFakeApi } from '../../support/fakeApi';
import type { FakeApi } from '../../support/fakeApi/types';
import { putParameters, refusingClient, uniquePrefix } from '../secrets/ssmHelpers';
import { buildAuth, sendWith } from './authHarness';

let now = 0;
let api: FakeApi;
beforeEach(async () => {
  now = Date.UTC(2026, 0, 1);
  api = await startFakeApi({ tokenLifetimeSeconds: 600, now: () => now });
  clearTokenCache();
  clearSecretCache();
  clearSecrets();
});
afterEach(() => api.close());

function definition(prefix = '/sluice') {
  return {
    name: 'acme',
    secrets_prefix: prefix,
    client: {
      base_url: api.baseUrl,
      auth: { type: 'oauth2_refresh_token', access_token_url: `${api.baseUrl}/oauth/token`, client_id: { secret: 'client_id' }, refresh_token: { secret: 'refresh_token' } },
    },
    resources: ['items'],
  };
}

/** A store that records, for each put, how many API requests (not token requests) had been made. */
function watching(store: SecretStore, puts: Array<{ path: string; apiRequestsBefore: number }>): SecretStore {
  return {
    get description() {
      return store.description;
    },
    getMany: (paths) => store.getMany(paths),
    put: async (path, value) => {
      puts.push({ path, apiRequestsBefore: api.requests.filter((r) => r.path.startsWith('/oauth2/')).length });
      await store.put(path, value);
    },
  };
}

const items = () => `${api.baseUrl}/oauth2/single/items`;

describe('OAuth2RefreshToken', () => {
  it('writes a rotated refresh token back to SSM before the new access token is used, so the next invocation starts from it', async () => {
    const prefix = uniquePrefix();
    await putParameters({ [`${prefix}/acme/client_id`]: api.credentials.clientId, [`${prefix}/acme/refresh_token`]: api.credentials.refreshToken });
    const puts: Array<{ path: string; apiRequestsBefore: number }> = [];
    const store = watching(new SsmSecretStore({ client: testSsmClient() }), puts);

    const first = await buildAuth(definition(prefix), store, { now: () => now });
    expect((await sendWith(first.strategy, items())).status).toBe(200);

    const stored = await testSsmClient().send(new GetParameterCommand({ Name: `${prefix}/acme/refresh_token`, WithDecryption: true }));
    expect(stored.Parameter).toMatchObject({ Value: api.currentRefreshToken, Type: 'SecureString' });
    expect(api.currentRefreshToken).not.toBe(api.credentials.refreshToken);
    expect(puts).toEqual([{ path: `${prefix}/acme/refresh_token`, apiRequestsBefore: 0 }]);

    // The next invocation, after the access token has expired: a cold secret cache reads the rotated token from SSM.
    now += 600_000;
    clearSecretCache();
    const second = await buildAuth(definition(prefix), store, { now: () => now });
    expect((await sendWith(second.strategy, items())).status).toBe(200);
    expect(api.tokensIssued).toBe(2);
    expect(first.logs.map((l) => l.message)).toContain('saved the rotated refresh token');
  });

  it('writes a rotated refresh token back to the secrets file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sluice-rt-')), 'secrets.json');
    writeFileSync(file, JSON.stringify({ '/sluice/acme/client_id': api.credentials.clientId, '/sluice/acme/refresh_token': api.credentials.refreshToken }));

    const { strategy } = await buildAuth(definition(), await FileSecretStore.load(file), { now: () => now });
    await sendWith(strategy, items());
    now += 600_000;
    const again = await buildAuth(definition(), await FileSecretStore.load(file), { now: () => now });
    const response = await sendWith(again.strategy, items());

    expect(response.status).toBe(200);
    expect(JSON.parse(readFileSync(file, 'utf8'))['/sluice/acme/refresh_token']).toBe(api.currentRefreshToken);
  });

  it('fails without using the new access token when the rotated token cannot be written back', async () => {
    const prefix = uniquePrefix();
    await putParameters({ [`${prefix}/acme/client_id`]: api.credentials.clientId, [`${prefix}/acme/refresh_token`]: api.credentials.refreshToken });
    const readable = await new SsmSecretStore({ client: testSsmClient() }).getMany([`${prefix}/acme/client_id`, `${prefix}/acme/refresh_token`]);
    const refusing = new SsmSecretStore({ client: refusingClient('ssm:PutParameter', `${prefix}/acme/refresh_token`) });
    const store: SecretStore = { description: refusing.description, getMany: async () => readable, put: (p, v) => refusing.put(p, v) };

    const { strategy } = await buildAuth(definition(prefix), store, { now: () => now });
    const error = await Promise.resolve(strategy.authenticate(new Request(items()))).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SecretAccessDeniedError);
    expect((error as Error).message).toContain(`${prefix}/acme/refresh_token`);
    expect((error as Error).message).toContain('ssm:PutParameter');
    expect(api.requests.filter((r) => r.path.startsWith('/oauth2/'))).toHaveLength(0);
  });
});
