/**
 * Whole runs (runSource → moto's S3) against an API that misbehaves the way
 * real ones do. Each fault is either survived, with exactly the API's records
 * committed once, or the run fails cleanly: a clear error, a failed manifest,
 * the committed state unmoved, and a rerun after the fault clears commits every
 * record exactly once. Waits stay short through a small `retries.max_delay_ms`
 * (it caps `Retry-After` too); nothing here waits for real seconds.
 */
import { authPost } from '../../lambdas/auth/authPost';
import { clearTokenCache } from '../../lambdas/auth/tokenCache';
import type { SourceModel } from '../../lambdas/model';
import { validateSource } from '../../lambdas/config/validateSource';
import { RunFailedError } from '../../lambdas/errors/RunFailedError';
import { runSource } from '../../lambdas/run/runSource';
import type { RunOptions, RunSummary } from '../../lambdas/run/runSource';
import { clearSecrets } from '../../lambdas/secrets/Redactor';
import { FileSecretStore } from '../../lambdas/secrets/FileSecretStore';
import { S3Store } from '../../lambdas/sink/S3Store';
import { buildAuth } from '../lambdas/auth/authHarness';
import { createTestBucket, testS3Client } from '../support/aws';
import { generateRecords, startFakeApi } from '../support/fakeApi';
import type { FakeApi, FakeApiOptions, FaultSpec } from '../support/fakeApi';
import { committedStateOf, failedManifest, range, sortedIds, verifiedCommittedView } from './support/committedView';

const SOURCE = 'faulty';
const ITEMS = 40;

let api: FakeApi;
let store: S3Store;

async function startApi(options: FakeApiOptions = {}): Promise<FakeApi> {
  api = await startFakeApi({ collections: { items: ITEMS }, ...options });
  return api;
}

/** An incremental offset source over `/<auth>/offset/items`, 5 records a page, 7 a part file. */
function source(auth: 'public' | 'oauth2' = 'public', client: Record<string, unknown> = {}): SourceModel {
  return validateSource({
    name: SOURCE,
    client: {
      base_url: api.baseUrl,
      timeout_ms: 2000,
      retries: { limit: 6, max_delay_ms: 20 },
      ...(auth === 'oauth2'
        ? { auth: { type: 'oauth2_client_credentials', access_token_url: `${api.baseUrl}/oauth/token`, client_id: { secret: 'client_id' }, client_secret: { secret: 'client_secret' } } }
        : {}),
      ...client,
    },
    resources: [
      {
        name: 'items',
        primary_key: 'id',
        endpoint: {
          path: `${auth}/offset/items`,
          data_selector: 'items',
          paginator: { type: 'offset', limit: 5, total_path: 'total' },
          params: { since: '{incremental.start_value}' },
          incremental: { cursor_path: 'updated_at', initial_value: '2023-01-01T00:00:00Z' },
        },
      },
    ],
    run: { part_max_records: 7 },
  });
}

function options(src: SourceModel, more: Partial<RunOptions> = {}): RunOptions {
  const secrets = new FileSecretStore({ [`/sluice/${SOURCE}/client_id`]: api.credentials.clientId, [`/sluice/${SOURCE}/client_secret`]: api.credentials.clientSecret });
  return { source: src, store, secrets, trigger: 'schedule', ...more };
}

function addFaults(path: string, faults: ReadonlyArray<Omit<FaultSpec, 'path'>>): void {
  for (const fault of faults) api.addFault({ path, ...fault });
}

async function expectExactlyOnce(count: number): Promise<void> {
  const view = await verifiedCommittedView(store, SOURCE);
  expect(sortedIds(view.items)).toEqual(range(count));
}

function statuses(path: string): number[] {
  return api.requests.filter((r) => r.path === path).map((r) => r.status);
}

beforeEach(async () => {
  clearTokenCache();
  store = new S3Store({ bucket: await createTestBucket('sluice-rel-api'), client: testS3Client() });
});
afterEach(async () => {
  await api.close();
  clearSecrets();
});

describe('runSource against API faults it survives', () => {
  const PATH = '/public/offset/items';

  it('commits every record once after 429 storms that send Retry-After (seconds and a date)', async () => {
    await startApi();
    addFaults(PATH, [
      { kind: 'status', status: 429, retryAfter: 1, times: 4, skip: 1 },
      { kind: 'status', status: 429, retryAfter: 'date', retryAfterSeconds: 2, times: 3, skip: 6 },
    ]);
    const summary = await runSource(options(source()));
    expect(summary).toMatchObject({ status: 'succeeded', resources: { items: { records: ITEMS } } });
    expect(statuses(PATH).filter((s) => s === 429)).toHaveLength(7);
    await expectExactlyOnce(ITEMS);
  });

  it('commits every record once after a 429 storm without Retry-After', async () => {
    await startApi();
    addFaults(PATH, [{ kind: 'status', status: 429, times: 6, skip: 3 }]);
    await runSource(options(source()));
    expect(statuses(PATH).filter((s) => s === 429)).toHaveLength(6);
    await expectExactlyOnce(ITEMS);
  });

  it('commits every record once after a 500/502/503/504 burst', async () => {
    await startApi();
    addFaults(PATH, [500, 502, 503, 504].map((status) => ({ kind: 'status' as const, status, skip: 2 })));
    await runSource(options(source()));
    expect(statuses(PATH).slice(0, 7)).toEqual([200, 200, 500, 502, 503, 504, 200]);
    await expectExactlyOnce(ITEMS);
  });

  it('commits every record once when connections drop before the answer and in the middle of the body', async () => {
    await startApi();
    addFaults(PATH, [
      { kind: 'drop', times: 2, skip: 1 },
      { kind: 'drop-mid-body', times: 2, skip: 5 },
    ]);
    await runSource(options(source()));
    expect(api.requests.filter((r) => r.path === PATH && r.status === 0).length).toBeGreaterThanOrEqual(2);
    await expectExactlyOnce(ITEMS);
  });

  it('commits every record once when responses are slower than the timeout', async () => {
    await startApi();
    addFaults(PATH, [{ kind: 'slow', delayMs: 5000, times: 2, skip: 2 }]);
    const summary = await runSource(options(source('public', { timeout_ms: 250 })));
    expect(summary.status).toBe('succeeded');
    // Two attempts timed out: the page was asked for three times.
    expect(api.requests.filter((r) => r.path === PATH)).toHaveLength(ITEMS / 5 + 2);
    await expectExactlyOnce(ITEMS);
  });

  it('waits out a token endpoint that is down for a while (503s, a drop, a timeout), then runs on the token it finally gets', async () => {
    await startApi();
    api.addFault({ path: '/oauth/token', kind: 'status', status: 503, times: 3 });
    api.addFault({ path: '/oauth/token', kind: 'drop' });
    api.addFault({ path: '/oauth/token', kind: 'slow', delayMs: 5000 });
    await runSource(options(source('oauth2', { timeout_ms: 300 })));
    expect(statuses('/oauth/token')).toEqual([503, 503, 503, 0, 0, 200]);
    const tokens = new Set(api.requests.filter((r) => r.path === '/oauth2/offset/items').map((r) => r.headers.authorization));
    expect(tokens.size).toBe(1);
    await expectExactlyOnce(ITEMS);
  });

  it('fetches a fresh token when tokens expire mid-run (lifetime shorter than the run)', async () => {
    const start = Date.parse('2030-01-01T00:00:00Z');
    const started: { api?: FakeApi } = {};
    // The API's clock moves 61 s with every new page asked for after the first (a retry of the same page does
    // not move it): each token (60 s) expires before the next page, which meets 401 with it.
    const now = (): number => {
      const pages = new Set((started.api?.requests ?? []).filter((r) => r.path === '/oauth2/offset/items').map((r) => String(r.query.offset)));
      return start + Math.max(0, pages.size - 1) * 61_000;
    };
    started.api = await startApi({ now, tokenLifetimeSeconds: 60 });
    const summary = await runSource(options(source('oauth2')));
    expect(summary.resources.items.pages).toBe(ITEMS / 5);
    expect(api.tokensIssued).toBe(ITEMS / 5);
    expect(statuses('/oauth2/offset/items').filter((s) => s === 401)).toHaveLength(ITEMS / 5 - 1);
    await expectExactlyOnce(ITEMS);
  });

  it('drops a token the API calls expired (401) and retries once with a fresh one', async () => {
    await startApi();
    addFaults('/oauth2/offset/items', [
      { kind: 'expire-token', skip: 2 },
      { kind: 'expire-token', skip: 6 },
    ]);
    await runSource(options(source('oauth2')));
    expect(api.tokensIssued).toBe(3);
    await expectExactlyOnce(ITEMS);
  });
});

describe('the token request under a 429 storm with Retry-After: 0', () => {
  it('backs off before every retry instead of burning them all at once', async () => {
    await startApi();
    api.addFault({ path: '/oauth/token', kind: 'status', status: 429, retryAfter: 0, times: 3 });
    const backoffs: number[] = [];
    const { ctx } = await buildAuth(source('oauth2').definition as Record<string, unknown>, options(source()).secrets, { retries: 5, delays: backoffs });
    const body = await authPost(
      {
        url: `${api.baseUrl}/oauth/token`,
        headers: {},
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: api.credentials.clientId, client_secret: api.credentials.clientSecret }),
        what: 'token endpoint',
        reason: 'token_request',
      },
      ctx,
    );
    expect(body.access_token).toEqual(expect.any(String));
    expect(statuses('/oauth/token')).toEqual([429, 429, 429, 200]);
    // The backoff (jitter at 0, each step capped at the harness's 1000 ms), never the 0 ms the header asks for.
    expect(backoffs).toEqual([500, 500, 500]);
  });
});

describe('runSource against API faults it cannot survive', () => {
  const PATH = '/public/offset/items';

  interface Unsurvivable {
    what: string;
    auth?: 'public' | 'oauth2';
    fault: FaultSpec;
    error: RegExp;
    /** Token requests the failing run makes: the token endpoint's own retries only, never multiplied by the API request's. */
    tokenRequests?: number;
  }
  const cases: Unsurvivable[] = [
    { what: 'starts answering HTML instead of JSON', fault: { path: PATH, kind: 'html', skip: 2, times: Infinity }, error: /not JSON \(content-type: text\/html/ },
    { what: 'starts answering malformed JSON', fault: { path: PATH, kind: 'malformed-json', skip: 3, times: Infinity }, error: /not JSON/ },
    { what: 'keeps answering 503 past the retry limit', fault: { path: PATH, kind: 'status', status: 503, skip: 2, times: Infinity }, error: /\(status 503\) after 7 attempts: retryable status and no retry left/ },
    { what: 'keeps dropping connections past the retry limit', fault: { path: PATH, kind: 'drop', skip: 4, times: Infinity }, error: /after 7 attempts: network error/ },
    {
      what: 'has its token endpoint down past the retry limit',
      auth: 'oauth2',
      fault: { path: '/oauth/token', kind: 'status', status: 503, times: Infinity },
      error: /oauth\/token \(status 503\): the token endpoint refused the request/,
      tokenRequests: 7,
    },
    {
      what: 'rejects freshly obtained tokens too',
      auth: 'oauth2',
      fault: { path: '/oauth2/offset/items', kind: 'expire-token', skip: 1, times: Infinity },
      error: /rejected the freshly obtained credentials/,
    },
  ];

  it.each(cases)('fails cleanly with state unmoved when the API $what, and a rerun commits every record once', async ({ auth, fault, error, tokenRequests }) => {
    await startApi({ collections: { items: 20 } });
    const src = source(auth);
    await runSource(options(src));
    const before = await committedStateOf(store, SOURCE);
    expect(before).toEqual({ seq: 1, last_values: { items: generateRecords('items', 20)[19].updated_at } });

    api.setRecords('items', generateRecords('items', ITEMS));
    // The first run's token is cached in module scope; a token-endpoint fault must meet a token request.
    clearTokenCache();
    api.addFault(fault);
    api.clearLog();
    const failure = await runSource(options(src)).catch((e: unknown) => e);
    if (tokenRequests !== undefined) expect(api.requests.filter((r) => r.path === '/oauth/token')).toHaveLength(tokenRequests);
    expect(failure).toBeInstanceOf(RunFailedError);
    expect((failure as Error).message).toMatch(error);
    const summary: RunSummary = (failure as RunFailedError).summary;
    expect(summary.status).toBe('failed');
    const manifest = await failedManifest(store, SOURCE, summary.run_id);
    expect(manifest.error).toMatch(error);
    expect(await committedStateOf(store, SOURCE)).toEqual(before);
    await expectExactlyOnce(20);

    api.clearFaults();
    const rerun = await runSource(options(src));
    expect(rerun.status).toBe('succeeded');
    expect((await committedStateOf(store, SOURCE)).seq).toBe(2);
    await expectExactlyOnce(ITEMS);
  });
});
