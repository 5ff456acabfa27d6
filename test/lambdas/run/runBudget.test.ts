/**
 * The request budget in whole runs: one budget for every request of the run
 * (pages fetched in parallel and token requests alike), its figures in the
 * summary, a source-wide pause that would cross the deadline leading to a
 * continuation, and the once-a-minute log line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearTokenCache } from '../../../lambdas/auth/tokenCache';
import { validateSource } from '../../../lambdas/config/validateSource';
import { RequestBudget } from '../../../lambdas/http/RequestBudget';
import { clearSecrets } from '../../../lambdas/secrets/Redactor';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';
import { logBudget } from '../../../lambdas/run/budgetLog';
import { runSource } from '../../../lambdas/run/runSource';
import { LocalStore } from '../../../lambdas/sink/LocalStore';
import { startFakeApi, type FakeApi } from '../../support/fakeApi';
import { captureLogger } from '../auth/authHarness';
import { committedRecords } from './runSource.fixtures';
import { noSecrets } from './runSource.secrets';

let api: FakeApi;
let dir: string;
let store: LocalStore;
beforeEach(() => {
  clearTokenCache();
  dir = mkdtempSync(join(tmpdir(), 'sluice-budget-'));
  store = new LocalStore(dir);
});
afterEach(async () => {
  clearSecrets();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

const paged = { type: 'offset', limit: 5, total_path: 'total', concurrency: 4 };

describe('the request budget of a run', () => {
  it('holds pages fetched in parallel and token requests to client.concurrency together, and reports them in the summary', async () => {
    api = await startFakeApi({ collections: { items: 40 } });
    api.addFault({ path: '/oauth2/offset/items', kind: 'slow', delayMs: 10, times: Infinity });
    const source = validateSource({
      name: 'budget',
      client: {
        base_url: api.baseUrl,
        concurrency: 2,
        auth: { type: 'oauth2_client_credentials', access_token_url: `${api.baseUrl}/oauth/token`, client_id: { secret: 'id' }, client_secret: { secret: 'secret' } },
        paginator: paged,
      },
      resources: [{ name: 'items', endpoint: { path: 'oauth2/offset/items', data_selector: 'items' } }],
    });
    const secrets = new FileSecretStore({ '/sluice/budget/id': api.credentials.clientId, '/sluice/budget/secret': api.credentials.clientSecret });

    const summary = await runSource({ source, store, secrets, trigger: 'manual' });

    expect(summary.status).toBe('succeeded');
    expect(api.requests.filter((r) => r.path === '/oauth/token')).toHaveLength(1);
    // Every request the API saw is counted, the token request included, and no more than 2 were ever in flight.
    expect(summary.budget).toMatchObject({ concurrency: 2, concurrency_limit: 2, max_in_flight: 2, requests: api.requests.length, throttled_429: 0, paused_ms: 0 });
    expect(Math.max(...api.requests.map((r) => r.inFlight))).toBe(2);
    expect(summary.budget?.effective_rps).toBeGreaterThan(0);
    expect((await committedRecords(store, '', 'budget')).items).toHaveLength(40);
  });

  it('continues in a new invocation when a 429 pauses the source past the deadline, and the resumed run misses nothing', async () => {
    api = await startFakeApi({ collections: { items: 40 } });
    api.addFault({ path: '/public/offset/items', kind: 'status', status: 429, retryAfter: 30, skip: 2 });
    const source = validateSource({
      name: 'paused',
      client: { base_url: api.baseUrl, concurrency: 4, paginator: paged, rate_limit: { requests_per_second: 50, burst: 4 } },
      resources: [{ name: 'items', endpoint: { path: 'public/offset/items', data_selector: 'items' } }],
      run: { safety_margin_ms: 1000 },
    });
    const queued: string[] = [];

    const first = await runSource({ source, store, secrets: noSecrets(), trigger: 'schedule', remainingTimeMs: () => 20_000, continueRun: async (key) => void queued.push(key) });

    expect(first.status).toBe('continued');
    expect(first.budget).toMatchObject({ throttled_429: 1, rate_limit: { requests_per_second: 50, burst: 4 } });
    expect(first.budget).not.toHaveProperty('in_flight');
    // The 30 s asked for were recorded as a pause of the source, never waited out here.
    expect(first.budget?.paused_ms).toBeGreaterThanOrEqual(29_000);

    const second = await runSource({ source, store, secrets: noSecrets(), trigger: 'schedule', checkpointKey: queued[0], remainingTimeMs: () => 60_000, continueRun: async () => undefined });

    expect(second.status).toBe('succeeded');
    expect(second.budget).toMatchObject({ throttled_429: 0, paused_ms: 0 });
    const ids = ((await committedRecords(store, '', 'paused')).items as { id: number }[]).map((r) => r.id).sort((a, b) => a - b);
    expect(ids).toEqual(api.records('items').map((r) => r.id));
  });
});

describe('logBudget', () => {
  afterEach(() => jest.useRealTimers());

  it('logs the limit in force and the rate of the last minute, once a minute, until stopped', async () => {
    jest.useFakeTimers({ now: 0 });
    const budget = new RequestBudget({ concurrency: 4 });
    const logger = captureLogger();
    const stop = logBudget(budget, logger);
    for (let i = 0; i < 30; i++) (await budget.acquire({})).release(200);
    jest.advanceTimersByTime(60_000);
    jest.advanceTimersByTime(60_000);
    stop();
    jest.advanceTimersByTime(60_000);

    expect(logger.lines.map((l) => [l.message, l.attributes.requests, l.attributes.requests_per_second, l.attributes.concurrency_limit])).toEqual([
      ['request budget', 30, 0.5, 4],
      ['request budget', 30, 0, 4],
    ]);
  });
});
