/**
 * Faults of the fake API met through `fetchPages` and the real HTTP client:
 * retries and their waits (recorded by an injected sleep, never slept), timeouts,
 * bodies that are not JSON, empty bodies, response actions and redaction.
 */
import { createAuth } from '../../../lambdas/auth/createAuth';
import type { SourceModel } from '../../../lambdas/model';
import { HttpError } from '../../../lambdas/errors/HttpError';
import { silentLogger } from '../../../lambdas/observability/Logger';
import { clearSecrets } from '../../../lambdas/secrets/Redactor';
import { isSecretRef } from '../../../lambdas/secrets/SecretRef';
import type { SecretValues } from '../../../lambdas/secrets/SecretValues';
import type { FakeApi } from '../../support/fakeApi';
import { startFakeApi } from '../../support/fakeApi';
import { validateSource } from '../../../lambdas/config/validateSource';
import { fakeSource, fetchAll, fetchResource, idsOf, range } from './fakeApiHarness';
import { testHttpClient } from '../../support/httpClient';

const ITEMS = 12;
const OFFSET_PATH = '/public/offset/items';
const retries = (limit: number, maxDelayMs = 60_000) => ({ retries: { limit, max_delay_ms: maxDelayMs } });
const offsetItems = (endpoint: Record<string, unknown> = {}) => ({
  name: 'items',
  endpoint: { path: 'public/offset/items', paginator: { type: 'offset', limit: 5 }, ...endpoint },
});

/** The HttpError a promise rejects with. */
async function httpError(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('fetchPages against the fake API: faults', () => {
  let api: FakeApi;

  beforeAll(async () => {
    api = await startFakeApi({ collections: { items: ITEMS } });
  });
  beforeEach(() => {
    api.clearLog();
    api.clearFaults();
  });
  afterEach(() => clearSecrets());
  afterAll(() => api.close());

  describe('429 Retry-After', () => {
    const now = Date.parse('2031-01-01T00:00:00Z');

    it('waits the seconds asked for, then reads every record', async () => {
      api.addFault({ path: OFFSET_PATH, kind: 'status', status: 429, retryAfter: 2, skip: 1 });
      const { pages, delays } = await fetchResource(api, offsetItems(), { sourceClient: retries(3) });
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(delays).toEqual([2000]);
      expect(api.requests.map((r) => r.status)).toEqual([200, 429, 200, 200]);
    });

    it('waits until an HTTP date', async () => {
      api.addFault({ path: OFFSET_PATH, kind: 'status', status: 429, retryAfter: new Date(now + 7000).toUTCString() });
      const { pages, delays } = await fetchResource(api, offsetItems(), { sourceClient: retries(3), client: { now: () => now } });
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(delays).toEqual([7000]);
    });

    it('caps either form at max_delay_ms', async () => {
      api.addFault({ path: OFFSET_PATH, kind: 'status', status: 429, retryAfter: 3600 });
      api.addFault({ path: OFFSET_PATH, kind: 'status', status: 429, retryAfter: 'date', retryAfterSeconds: 900 });
      const { pages, delays } = await fetchResource(api, offsetItems(), { sourceClient: retries(3, 60_000) });
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(delays).toEqual([60_000, 60_000]);
    });
  });

  it('retries a 500, 502, 503 burst with backoff and still yields every record once', async () => {
    for (const status of [500, 502, 503]) api.addFault({ path: OFFSET_PATH, kind: 'status', status, skip: 1 });
    const { pages, delays } = await fetchResource(api, offsetItems(), { sourceClient: retries(3) });
    expect(idsOf(pages)).toEqual(range(ITEMS));
    expect(api.requests.map((r) => r.status)).toEqual([200, 500, 502, 503, 200, 200]);
    // random() is 0: half of each doubling step.
    expect(delays).toEqual([500, 1000, 2000]);
  });

  it('fails after the last retry naming the method, URL, status and body', async () => {
    api.addFault({ path: OFFSET_PATH, kind: 'status', status: 503, times: Infinity });
    const delays: number[] = [];
    const error = await httpError(fetchResource(api, offsetItems(), { sourceClient: retries(2), delays }));
    expect(error.message).toMatch(new RegExp(`^GET ${api.baseUrl}/public/offset/items\\?offset=0&limit=5 \\(status 503\\) after 3 attempts: .*injected fault`));
    expect(delays).toHaveLength(2);
    expect(api.requests).toHaveLength(3);
  });

  it.each(['drop', 'drop-mid-body'] as const)('retries a %s and reads every record', async (kind) => {
    api.addFault({ path: OFFSET_PATH, kind, skip: 1 });
    const { pages, delays } = await fetchResource(api, offsetItems(), { sourceClient: retries(2) });
    expect(idsOf(pages)).toEqual(range(ITEMS));
    expect(api.requests).toHaveLength(4);
    expect(delays).toHaveLength(1);
  });

  it('names the attempts when a dropped connection outlasts the retries', async () => {
    api.addFault({ path: OFFSET_PATH, kind: 'drop', times: Infinity });
    const error = await httpError(fetchResource(api, offsetItems(), { sourceClient: retries(2) }));
    expect(error.reason).toBe('network');
    expect(error.message).toMatch(/limit=5 after 3 attempts: network error \(.+\), and no retry left$/);
    expect(api.requests).toHaveLength(3);
  });

  describe('timeout_ms', () => {
    it('retries a response slower than the timeout', async () => {
      api.addFault({ path: OFFSET_PATH, kind: 'slow', delayMs: 1000 });
      const { pages, delays } = await fetchResource(api, offsetItems(), { sourceClient: { timeout_ms: 200, ...retries(2) } });
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(delays).toHaveLength(1);
    });

    it('fails with a timeout HttpError after the last retry', async () => {
      api.addFault({ path: OFFSET_PATH, kind: 'slow', delayMs: 1000, times: Infinity });
      const error = await httpError(fetchResource(api, offsetItems(), { sourceClient: { timeout_ms: 200, ...retries(1) } }));
      expect(error.reason).toBe('timeout');
      expect(error.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/public\/offset\/items\?offset=0&limit=5 after 2 attempts: no complete response within 200 ms, and no retry left$/);
      expect(api.requests).toHaveLength(2);
    });
  });

  it.each([
    ['malformed JSON', 'malformed-json', /content-type: application\/json/],
    ['an HTML page', 'html', /content-type: text\/html/],
  ] as const)('fails on %s naming the URL and the content type, without retrying', async (_label, kind, type) => {
    api.addFault({ path: OFFSET_PATH, kind });
    const error = await httpError(fetchResource(api, offsetItems(), { sourceClient: retries(3) }));
    expect(error.reason).toBe('not_json');
    expect(error.message).toContain(`GET ${api.baseUrl}/public/offset/items?offset=0&limit=5`);
    expect(error.message).toMatch(type);
    expect(api.requests).toHaveLength(1);
  });

  it('reads a 204 with an empty body as one page of no records', async () => {
    const { pages } = await fetchResource(api, { name: 'empty', endpoint: 'public/empty' });
    expect(pages).toEqual([expect.objectContaining({ records: [], status: 204, last: true })]);
  });

  describe('response_actions', () => {
    const children = (actions?: unknown[]): SourceModel =>
      fakeSource(api, [
        { name: 'items', endpoint: 'public/single/items' },
        { name: 'comments', endpoint: { path: 'public/single/items/{resources.items.id}/comments', ...(actions ? { response_actions: actions } : {}) } },
      ]);

    it('ignores a 404 for a deleted parent: that parent has no children, the others do', async () => {
      const source = children([{ status_code: 404, action: 'ignore' }]);
      const comments = source.resources[1];
      const gone = await fetchAll(source, comments, { vars: { parent: { id: 999 } } });
      const present = await fetchAll(source, comments, { vars: { parent: { id: 3 } } });
      expect(gone.pages).toEqual([]);
      expect(idsOf(present.pages)).toEqual([3001, 3002, 3003]);
      expect(api.requests.map((r) => [r.path, r.status])).toEqual([
        ['/public/single/items/999/comments', 404],
        ['/public/single/items/3/comments', 200],
      ]);
    });

    it('fails on that 404 without the action, at once', async () => {
      const source = children();
      const error = await httpError(fetchAll(source, source.resources[1], { vars: { parent: { id: 999 } } }));
      expect(error.status).toBe(404);
      expect(api.requests).toHaveLength(1);
    });

    it('retries an error sent with status 200', async () => {
      api.addFault({ path: OFFSET_PATH, kind: 'status', status: 200, body: '{"error":"busy, try again later"}', skip: 1, times: 2 });
      const actions = [{ content: 'try again', action: 'retry' }];
      const { pages, delays } = await fetchResource(api, offsetItems({ response_actions: actions }), { sourceClient: retries(3) });
      expect(idsOf(pages)).toEqual(range(ITEMS));
      expect(delays).toEqual([500, 1000]);
      expect(api.requests).toHaveLength(5);
    });

    it('fails when a rule says fail, naming the rule', async () => {
      api.addFault({ path: OFFSET_PATH, kind: 'status', status: 200, body: '{"message":"down for maintenance"}' });
      const actions = [{ status_code: 200, content: 'maintenance', action: 'fail' }];
      const error = await httpError(fetchResource(api, offsetItems({ response_actions: actions }), { sourceClient: retries(3) }));
      expect(error.reason).toBe('response_action');
      expect(error.message).toMatch(/says fail.*down for maintenance/);
      expect(api.requests).toHaveLength(1);
    });
  });

  describe('an api key in the query', () => {
    const key = (): string => api.credentials.apiKey;

    it('is masked in the error when it is a plain param (allow_plaintext_secrets)', async () => {
      api.addFault({ path: '/apikey-query/offset/items', kind: 'status', status: 500, times: Infinity });
      const resource = { name: 'items', endpoint: { path: 'apikey-query/offset/items', params: { api_key: key() }, paginator: { type: 'offset', limit: 5 } } };
      // A plain credential param is refused at validate unless the source says it knows.
      const source = validateSource({ name: 'fake', allow_plaintext_secrets: true, client: { base_url: api.baseUrl, ...retries(1) }, resources: [resource] });
      const error = await httpError(fetchAll(source, source.resources[0]));
      expect(api.requests[0].query.api_key).toBe(key());
      expect(error.message).toContain('api_key=***');
      expect(error.message).not.toContain(key());
      expect(error.url).not.toContain(key());
    });

    it('is sent by api_key auth and never appears in the error', async () => {
      const source = fakeSource(
        api,
        [{ name: 'items', endpoint: { path: 'apikey-query/offset/items', paginator: { type: 'offset', limit: 5 } } }],
        { auth: { type: 'api_key', name: 'api_key', api_key: { secret: 'api_key' }, location: 'query' }, ...retries(1) },
      );
      const secrets: SecretValues = { get: key, pathOf: () => '/sluice/fake/api_key', put: async () => undefined };
      const auth = createAuth(source.resources[0].endpoint.auth ?? { type: 'bearer', at: 'client.auth', token: '' }, {
        sourceName: source.name,
        configPath: 'client.auth',
        resolve: (value) => (isSecretRef(value) ? secrets.get(value) : value),
        secrets,
        http: testHttpClient(),
        logger: silentLogger,
        count: () => undefined,
      });
      const ok = await fetchAll(source, source.resources[0], { auth });
      expect(idsOf(ok.pages)).toEqual(range(ITEMS));

      api.clearLog();
      api.addFault({ path: '/apikey-query/offset/items', kind: 'status', status: 500, body: `{"error":"bad key ${key()}"}`, times: Infinity });
      const error = await httpError(fetchAll(source, source.resources[0], { auth }));
      expect(api.requests[0].query.api_key).toBe(key());
      expect(error.message).toContain('(status 500)');
      expect(error.message).not.toContain(key());
      expect(error.message).toContain('bad key ***');
    });
  });
});
