import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearTokenCache } from '../../lambdas/auth/tokenCache';
import type { Manifest } from '../../lambdas/commit/manifest';
import { validateSource } from '../../lambdas/config/validateSource';
import { createSourceHandler } from '../../lambdas/handler';
import { silentLogger } from '../../lambdas/observability/Logger';
import { RunMetrics } from '../../lambdas/observability/metrics';
import { clearSecrets } from '../../lambdas/secrets/Redactor';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import { LocalStore } from '../../lambdas/sink/LocalStore';
import { startFakeApi } from '../support/fakeApi';
import type { FakeApi } from '../support/fakeApi';

let api: FakeApi;
let store: LocalStore;

beforeAll(async () => {
  api = await startFakeApi({ collections: { items: 12, users: 3 }, childrenPerParent: 1 });
});
afterAll(() => api.close());
beforeEach(() => {
  store = new LocalStore(mkdtempSync(join(tmpdir(), 'sluice-handler-failures-')));
  api.clearLog();
  api.clearFaults();
  clearTokenCache();
  clearSecrets();
});

function handlerOf(definition: Record<string, unknown>, secrets: Record<string, string> = {}, invoke?: (name: string, payload: unknown) => Promise<void>) {
  const source = validateSource({ name: 'acme', ...definition });
  return createSourceHandler(source, {
    store,
    secrets: new FileSecretStore(secrets),
    logger: silentLogger,
    createMetrics: (s) => new RunMetrics(s.name),
    env: { AWS_LAMBDA_FUNCTION_NAME: 'sluice-acme' },
    ...(invoke ? { invoke } : {}),
  });
}

async function manifests(): Promise<Manifest[]> {
  const keys = await store.list('acme/_manifests/');
  return Promise.all(keys.map(async (k) => JSON.parse(((await store.get(k)) as Buffer).toString('utf8')) as Manifest));
}

const items = { name: 'items', endpoint: { path: 'items', data_selector: 'data' } };

/** The error a handler invocation rejects with. */
async function failure(invocation: Promise<unknown>): Promise<Error> {
  const outcome = await invocation.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected the invocation to fail; it returned ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(Error);
  return outcome.error as Error;
}

describe('handler failure paths write the failed manifest before throwing', () => {
  it('a secret missing from the store', async () => {
    const handler = handlerOf({ client: { base_url: `${api.baseUrl}/bearer/single/`, auth: { type: 'bearer', token: { secret: 'api_token' } } }, resources: [items] });
    const error = await failure(handler({ trigger: 'schedule' }));
    expect(error.message).toMatch(/\/sluice\/acme\/api_token/);
    const [manifest, ...rest] = await manifests();
    expect(rest).toEqual([]);
    expect(manifest).toMatchObject({ status: 'failed', trigger: 'schedule', error: expect.stringMatching(/\/sluice\/acme\/api_token/) });
    expect(api.requests).toEqual([]);
  });

  it('an OAuth2 token endpoint that refuses the client', async () => {
    const handler = handlerOf(
      {
        client: {
          base_url: `${api.baseUrl}/oauth/single/`,
          auth: { type: 'oauth2_client_credentials', access_token_url: `${api.baseUrl}/oauth/token`, client_id: { secret: 'client_id' }, client_secret: { secret: 'client_secret' } },
        },
        resources: [items],
      },
      { '/sluice/acme/client_id': api.credentials.clientId, '/sluice/acme/client_secret': 'not-the-client-secret' },
    );
    await failure(handler({ trigger: 'schedule' }));
    const [manifest] = await manifests();
    expect(manifest).toMatchObject({ status: 'failed' });
    expect(manifest.error).not.toContain('not-the-client-secret');
    expect(api.requests.map((r) => r.path)).toEqual(['/oauth/token']);
  });

  it('a continuation whose checkpoint is gone, under the run id the checkpoint key names', async () => {
    const handler = handlerOf({ client: { base_url: `${api.baseUrl}/public/single/` }, resources: [items] });
    const runId = '20261129T020000Z-0123abcd';
    await expect(handler({ continue: `acme/_checkpoints/${runId}.json` })).rejects.toThrow(/not found/);
    expect(await manifests()).toEqual([expect.objectContaining({ run_id: runId, status: 'failed', error: expect.stringMatching(/checkpoint .*not found/) })]);
  });
});
