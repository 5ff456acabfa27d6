import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { clearTokenCache } from '../../lambdas/auth/tokenCache';
import { HandlerInputError } from '../../lambdas/errors/HandlerInputError';
import { validateSource } from '../../lambdas/config/validateSource';
import { createHandler, createSourceHandler } from '../../lambdas/handler';
import { silentLogger } from '../../lambdas/observability/Logger';
import { RunMetrics } from '../../lambdas/observability/metrics';
import type { RunSummary } from '../../lambdas/run/RunSummary';
import type { StateResponse } from '../../lambdas/run/stateChange';
import { StateChangeError } from '../../lambdas/errors/StateChangeError';
import { NO_SECRETS } from '../../lambdas/secrets/NoSecretStore';
import { SsmSecretStore } from '../../lambdas/secrets/SsmSecretStore';
import { S3Store } from '../../lambdas/sink/S3Store';
import { countingSsmClient, createTestBucket, testS3Client, testSsmClient, uniqueName } from '../support/aws';
import { committedRecords, itemsResource, makeItems, startItemsApi } from './run/runSource.fixtures';
import type { ItemsApi } from './run/runSource.fixtures';

let api: ItemsApi;
beforeAll(async () => {
  api = await startItemsApi();
});
afterAll(() => api.close());
beforeEach(() => clearTokenCache());

async function oauthDefinition(): Promise<Record<string, unknown>> {
  const prefix = `/${uniqueName('sluice')}`;
  const ssm = testSsmClient();
  await ssm.send(new PutParameterCommand({ Name: `${prefix}/acme/client_id`, Value: 'client-123', Type: 'String' }));
  await ssm.send(new PutParameterCommand({ Name: `${prefix}/acme/client_secret`, Value: 'shh-client-secret', Type: 'SecureString' }));
  return {
    name: 'acme',
    secrets_prefix: prefix,
    client: {
      base_url: api.url,
      paginator: { type: 'offset', limit: 5 },
      auth: { type: 'oauth2_client_credentials', access_token_url: `${api.url}/oauth/token`, client_id: { secret: 'client_id' }, client_secret: { secret: 'client_secret' } },
    },
    resources: [{ name: 'items', endpoint: { path: 'items', data_selector: 'data' } }],
  };
}

function countingSsm(): { store: SsmSecretStore; calls: () => number } {
  const { client, calls } = countingSsmClient();
  return { store: new SsmSecretStore({ client, ttlSeconds: 300 }), calls };
}

describe('createHandler', () => {
  it('reuses secrets and the OAuth2 token across two warm invocations: one SSM round trip, one token request', async () => {
    api.items = makeItems(3);
    api.tokenRequests = 0;
    const ssm = countingSsm();
    const store = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const handler = createHandler(await oauthDefinition(), { store, secrets: ssm.store, logger: silentLogger, createMetrics: (s) => new RunMetrics(s.name) });

    const first = (await handler({ trigger: 'schedule' })) as RunSummary;
    const second = (await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} })) as RunSummary;

    expect(first).toMatchObject({ status: 'succeeded', resources: { items: { records: 3, pages: 1, files: 1 } } });
    expect(second.status).toBe('succeeded');
    expect(ssm.calls()).toBe(1);
    expect(api.tokenRequests).toBe(1);
  });

  it('runs a manual payload and outputs the run summary', async () => {
    api.items = makeItems(12);
    const store = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const handler = createHandler(await oauthDefinition(), { store, secrets: countingSsm().store, logger: silentLogger, env: { SLUICE_PREFIX: 'raw' } });
    const summary = (await handler({ mode: 'run', max_pages: 1 })) as RunSummary;
    expect(summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 5, pages: 1, files: 1, truncated: true } } });
    expect(summary.manifest_key).toMatch(/^raw\/acme\/_manifests\//);
  });

  it('rejects an unknown payload field with a clear error, before anything runs', async () => {
    const store = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const handler = createHandler(await oauthDefinition(), { store, secrets: countingSsm().store, logger: silentLogger });
    await expect(handler({ mode: 'run', dryrun: true })).rejects.toThrow(HandlerInputError);
    await expect(handler({ mode: 'run', dryrun: true })).rejects.toThrow(/unknown field "dryrun"/);
    expect(await store.list('')).toEqual([]);
  });

  it('continues in a new invocation through its own unqualified function name and finishes the run', async () => {
    api.items = makeItems(12);
    const store = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const invocations: Array<{ functionName: string; payload: unknown }> = [];
    const definition = { ...(await oauthDefinition()), run: { safety_margin_ms: 1000 } };
    let checks = 0;
    const context = { functionName: 'sluice-acme', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123:function:sluice-acme:live', getRemainingTimeInMillis: () => (++checks % 2 === 0 ? 0 : 60_000) };
    const results: RunSummary[] = [];
    const handler = createHandler(definition, {
      store,
      secrets: countingSsm().store,
      logger: silentLogger,
      invoke: async (functionName, payload) => {
        invocations.push({ functionName, payload });
        results.push((await handler(payload, context)) as RunSummary);
      },
    });
    const first = (await handler({ trigger: 'schedule' }, context)) as RunSummary;
    expect(first.status).toBe('continued');
    expect(invocations[0]).toEqual({ functionName: 'sluice-acme', payload: { continue: first.checkpoint_key } });
    expect(results[0].status === 'succeeded' || results.some((r) => r.status === 'succeeded')).toBe(true);
    const view = await committedRecords(store, '', 'acme');
    expect((view.items as Array<{ id: number }>).map((r) => r.id)).toEqual(api.items.map((i) => i.id));
  });

  it('answers a check payload with the check response', async () => {
    api.items = makeItems(2);
    const handler = createHandler(await oauthDefinition(), { store: new S3Store({ bucket: await createTestBucket(), client: testS3Client() }), secrets: countingSsm().store, logger: silentLogger });
    const response = await handler({ mode: 'check' });
    expect(response).toMatchObject({ mode: 'check', source: 'acme', ok: true, resources: { items: { ok: true, status: 200, records_found: true } } });
  });
});

describe('createSourceHandler', () => {
  it('shows, resets and sets the state for {"mode": "state"}, and the next run starts from it', async () => {
    api.items = makeItems(10);
    const source = validateSource({ name: 'stateful', client: { base_url: api.url, paginator: { type: 'offset', limit: 5 } }, resources: [itemsResource()] });
    const store = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const handler = createSourceHandler(source, { store, logger: silentLogger, createMetrics: (s) => new RunMetrics(s.name) });
    expect(((await handler({ mode: 'run' })) as RunSummary).resources.items.records).toBe(10);

    expect(await handler({ mode: 'state' })).toEqual({
      mode: 'state', source: 'stateful', seq: 1, changed: [],
      resources: { items: { incremental: { last_value: '2026-01-01T00:10:00Z', boundary_keys: ['10'], cursor_type: 'datetime' } } },
    });
    const reset = (await handler({ mode: 'state', reset: true })) as StateResponse;
    expect(reset).toMatchObject({ seq: 2, changed: ['items'], resources: { items: null } });
    expect(JSON.parse((await store.get(reset.manifest_key as string))!.toString('utf8'))).toMatchObject({ trigger: 'state', seq: 2, status: 'succeeded', resources: {} });
    expect(((await handler({ mode: 'run' })) as RunSummary).resources.items.records).toBe(10);

    const set = (await handler({ mode: 'state', set: { items: '2026-01-01T00:08:00Z' } })) as StateResponse;
    expect(set).toMatchObject({ seq: 4, changed: ['items'], resources: { items: { incremental: { last_value: '2026-01-01T00:08:00Z', boundary_keys: [] } } } });
    expect(((await handler({ mode: 'run' })) as RunSummary).resources.items.records).toBe(3);

    await expect(handler({ mode: 'state', set: { items: 'soon' } })).rejects.toThrow(StateChangeError);
    await expect(handler({ mode: 'state', reset: true, set: { items: 1 } })).rejects.toThrow(/"reset" or "set", not both/);
    await expect(handler({ mode: 'state', rest: true })).rejects.toThrow(/unknown field "rest" \(accepted: mode, reset, resources, set\)/);
  });

  it('runs a source without secret references with no secret store at all', async () => {
    api.items = makeItems(3);
    const source = validateSource({ name: 'open', client: { base_url: api.url, paginator: { type: 'offset', limit: 5 } }, resources: [{ name: 'items', endpoint: { path: 'items', data_selector: 'data' } }] });
    const store = new S3Store({ bucket: await createTestBucket(), client: testS3Client() });
    const handler = createSourceHandler(source, { store, logger: silentLogger, createMetrics: (s) => new RunMetrics(s.name) });
    const summary = (await handler({ mode: 'run' })) as RunSummary;
    expect(summary).toMatchObject({ status: 'succeeded', resources: { items: { records: 3 } } });
  });

  it('refuses, when it is built, a source with secret references and no store to read them from', async () => {
    const source = validateSource(await oauthDefinition());
    expect(() => createSourceHandler(source, { logger: silentLogger })).toThrow(/source "acme" references secrets \(\/sluice-[\w-]+\/acme\/client_id, .*client_secret\); pass deps.secrets/);
  });
});

describe('NO_SECRETS', () => {
  it('answers an empty request and refuses any parameter, saying the function must be rebuilt', async () => {
    await expect(NO_SECRETS.getMany([])).resolves.toEqual({ values: new Map(), missing: [] });
    await expect(NO_SECRETS.getMany(['/sluice/acme/token'])).rejects.toThrow(/built for a source without secret references, yet \/sluice\/acme\/token was asked for; run `cdk deploy` again/);
    await expect(NO_SECRETS.put('/sluice/acme/token', 'v')).rejects.toThrow(/\/sluice\/acme\/token was asked for/);
  });
});
