/**
 * The source-wide request budget, driven through the real HTTP client by many
 * concurrent callers against the fake API, and proved on the server's request
 * log: arrivals, in-flight counts and statuses as the API saw them.
 */
import type { HttpClient } from '../../../lambdas/http/HttpClient';
import type { HttpRequest } from '../../../lambdas/http/HttpTypes';
import { RequestBudget } from '../../../lambdas/http/RequestBudget';
import { RequestPastDeadlineError } from '../../../lambdas/errors/RequestPastDeadlineError';
import { RetryPastDeadlineError } from '../../../lambdas/errors/RetryPastDeadlineError';
import { startFakeApi, type FakeApi, type LoggedRequest } from '../../support/fakeApi';
import { testHttpClient } from '../../support/httpClient';
import { json, startLoopback, type Loopback } from './loopback';
import { createServer, connect, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';

let api: FakeApi;
afterEach(async () => {
  await api?.close();
});

function page(offset: number): HttpRequest {
  return { method: 'GET', url: `${api.baseUrl}/public/offset/items`, params: { offset, limit: 1 }, headers: {} };
}

/** `callers` concurrent callers send `count` pages between them, each caller one request at a time. */
async function drive(http: HttpClient, count: number, callers: number): Promise<unknown[]> {
  let next = 0;
  const ids: unknown[] = [];
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < count) {
        const response = await http.send(page(next++));
        ids.push(...((response?.body as { items: { id: number }[] }).items.map((r) => r.id)));
      }
    }),
  );
  return ids;
}

/** Arrival times of the log, in arrival order. */
const arrivals = (log: readonly LoggedRequest[]): number[] => log.map((r) => r.at);

/**
 * How much later than its start a request may reach the server in these tests:
 * the suite shares two cores with other work, and a busy event loop delays an
 * arrival by tens of milliseconds. The windows below are shortened by this, so
 * they hold for the starts the budget controls; a budget that let n go at once
 * and n more within the second would still show 2n in them.
 */
const ARRIVAL_LAG_MS = 100;

/** The most arrivals any window [t, t + 1000 − ARRIVAL_LAG_MS) holds. */
function busiestSecond(at: readonly number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i] - at[j] >= 1000 - ARRIVAL_LAG_MS) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

let strict: Loopback | undefined;
let proxy: { url: string; close(): Promise<void> } | undefined;
afterEach(async () => {
  await proxy?.close();
  await strict?.close();
  proxy = strict = undefined;
});

/** A TCP forwarder to `target` that holds the bytes of its first connection `ms` before passing them on: a request reaching the API late. */
async function delayFirstConnection(target: string, ms: number): Promise<{ url: string; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  let connections = 0;
  const server: Server = createServer((socket) => {
    const upstream = connect(Number(port), hostname);
    upstream.pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
    if (connections++ === 0) setTimeout(() => socket.pipe(upstream), ms);
    else socket.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
    }),
  };
}

describe('RequestBudget through the HTTP client', () => {
  describe('client.concurrency', () => {
    it('never lets more requests be in flight than the limit, whatever the number of callers', async () => {
      api = await startFakeApi({ collections: { items: 40 } });
      // Slow answers keep every request in flight long enough for the callers to pile up.
      api.addFault({ path: '/public/offset/items', kind: 'slow', delayMs: 20, times: Infinity });
      const budget = new RequestBudget({ concurrency: 3 });
      const http = testHttpClient({ baseUrl: api.baseUrl, budget });

      const ids = await drive(http, 40, 12);

      expect(ids.sort((a, b) => (a as number) - (b as number))).toEqual(api.records('items').map((r) => r.id));
      expect(Math.max(...api.requests.map((r) => r.inFlight))).toBe(3);
      expect(budget.stats()).toMatchObject({ concurrency: 3, concurrency_limit: 3, max_in_flight: 3, in_flight: 0, requests: 40 });
    });

    it('holds for several clients that share one budget, as the clients of one run do', async () => {
      api = await startFakeApi({ collections: { items: 30 } });
      api.addFault({ path: '/public/offset/items', kind: 'slow', delayMs: 20, times: Infinity });
      const budget = new RequestBudget({ concurrency: 2 });
      const clients = [1, 2, 3].map(() => testHttpClient({ baseUrl: api.baseUrl, budget }));

      await Promise.all(clients.map((http) => drive(http, 10, 4)));

      expect(Math.max(...api.requests.map((r) => r.inFlight))).toBe(2);
      expect(budget.stats().requests).toBe(api.requests.length);
    });

    it('counts every retry as a request of its own', async () => {
      api = await startFakeApi({ collections: { items: 5 } });
      api.addFault({ path: '/public/offset/items', kind: 'status', status: 503, times: 3 });
      const budget = new RequestBudget({ concurrency: 2 });
      const http = testHttpClient({ baseUrl: api.baseUrl, budget, retries: { limit: 5, maxDelayMs: 0 } });

      await drive(http, 5, 5);

      expect(api.requests).toHaveLength(8);
      expect(budget.stats()).toMatchObject({ requests: 8, max_in_flight: 2 });
      expect(Math.max(...api.requests.map((r) => r.inFlight))).toBeLessThanOrEqual(2);
    });
  });

  describe('client.rate_limit', () => {
    it('spaces requests so that no 1-second window of arrivals holds more than requests_per_second', async () => {
      api = await startFakeApi({ collections: { items: 41 } });
      const budget = new RequestBudget({ concurrency: 8, rateLimit: { requestsPerSecond: 20, burst: 1 } });
      const http = testHttpClient({ baseUrl: api.baseUrl, budget });

      await drive(http, 41, 8);

      const at = arrivals(api.requests);
      expect(at).toHaveLength(41);
      // A bucket that starts full would let 20 through at once and 20 more within the first second.
      expect(busiestSecond(at)).toBeLessThanOrEqual(20);
      // And it is a spacing, not bursts of 20 followed by silence: consecutive arrivals never
      // bunch up (starts are at least half an interval, 25 ms, apart; arrivals jitter a little).
      const gaps = at.slice(1).map((t, i) => t - at[i]);
      expect(gaps.filter((gap) => gap < 10)).toEqual([]);
    });

    it('answers no 429 from an API counting a strict sliding second when the first request reaches it late', async () => {
      // The first request of a process goes through cold code and opens its connection: it reaches
      // the API later after its start than the others do. Counted at its start, it leaves the
      // window early, and the 21st request lands within one of the API's seconds of it.
      const served: number[] = [];
      let refused = 0;
      strict = await startLoopback((_req, res) => {
        const now = performance.now();
        if (served.filter((t) => now - t < 1000).length >= 20) {
          refused++;
          return json(res, 429, {});
        }
        served.push(now);
        setTimeout(() => json(res, 200, { items: [] }), 20);
      });
      proxy = await delayFirstConnection(strict.url, 40);
      const budget = new RequestBudget({ concurrency: 8, rateLimit: { requestsPerSecond: 20, burst: 1 } });
      const http = testHttpClient({ baseUrl: proxy.url, budget });
      const get = (): Promise<unknown> => http.send({ method: 'GET', url: `${proxy?.url}/items`, params: {}, headers: {} });

      // One request alone (as the first page of a run is), then 8 callers at once.
      await get();
      let sent = 1;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (sent < 30) {
            sent++;
            await get();
          }
        }),
      );

      expect(refused).toBe(0);
      expect(served.length).toBe(30);
    });

    it('with burst lets that many go at once and keeps the long-run rate', async () => {
      api = await startFakeApi({ collections: { items: 25 } });
      const budget = new RequestBudget({ concurrency: 8, rateLimit: { requestsPerSecond: 10, burst: 5 } });
      const http = testHttpClient({ baseUrl: api.baseUrl, budget });

      await drive(http, 25, 8);

      const at = arrivals(api.requests);
      // Never more than the burst plus one second of the rate in any second (less the lag)...
      expect(busiestSecond(at)).toBeLessThanOrEqual(5 + 10);
      // ...and more than the rate alone in the first second, which an evenly spaced budget never allows.
      expect(at.filter((t) => t - at[0] < 1000).length).toBeGreaterThan(10);
      // After the burst, the long-run rate: from the 7th arrival on (the 6th may meet the
      // burst's late arrivals on new connections), 18 intervals of 100 ms.
      expect(at[24] - at[6]).toBeGreaterThanOrEqual(18 * 100 - ARRIVAL_LAG_MS);
    });

    it('counts token requests in the same budget as pages', async () => {
      api = await startFakeApi({ collections: { items: 6 } });
      const budget = new RequestBudget({ concurrency: 4, rateLimit: { requestsPerSecond: 10, burst: 1 } });
      const pages = testHttpClient({ baseUrl: api.baseUrl, budget });
      const tokens = testHttpClient({ baseUrl: api.baseUrl, budget });
      const token = () =>
        tokens.post({
          url: `${api.baseUrl}/oauth/token`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: api.credentials.clientId, client_secret: api.credentials.clientSecret }).toString(),
        });

      await Promise.all([drive(pages, 6, 3), token(), token(), token()]);

      expect(api.requests.filter((r) => r.path === '/oauth/token')).toHaveLength(3);
      expect(budget.stats().requests).toBe(9);
      const at = arrivals(api.requests);
      const gaps = at.slice(1).map((t, i) => t - at[i]);
      expect(gaps.filter((gap) => gap < 25)).toEqual([]);
    });
  });

  describe('a 429 with Retry-After', () => {
    it('pauses every caller until that time, not only the one that got it', async () => {
      api = await startFakeApi({ collections: { items: 30 } });
      api.addFault({ path: '/public/offset/items', kind: 'status', status: 429, retryAfter: 1, skip: 4 });
      const budget = new RequestBudget({ concurrency: 4 });
      // The real sleep: the retry and the pause both wait in real time, and the log shows when.
      const http = testHttpClient({ baseUrl: api.baseUrl, budget, retries: { limit: 2, maxDelayMs: 5000 }, sleep: undefined });

      const ids = await drive(http, 30, 4);

      expect(new Set(ids).size).toBe(30);
      const throttled = api.requests.find((r) => r.status === 429) as LoggedRequest;
      const answeredAt = throttled.endedAt as number;
      // The other three callers may each have had one request on its way when the 429 came
      // back; nothing any caller started after it arrives before the second is over.
      const during = api.requests.filter((r) => r.at > answeredAt && r.at < answeredAt + 1000);
      expect(during.length).toBeLessThanOrEqual(3);
      expect(api.requests.filter((r) => r.at >= answeredAt + 1000).length).toBeGreaterThan(20);
      expect(budget.stats()).toMatchObject({ throttled_429: 1, paused_ms: 1000 });
    });
  });

  describe('AIMD', () => {
    it('halves the in-flight limit on repeated 429s from an API that limits concurrency, and finishes every request', async () => {
      api = await startFakeApi({ collections: { items: 60 }, throttle: { maxInFlight: 2 } });
      api.addFault({ path: '/public/offset/items', kind: 'slow', delayMs: 10, times: Infinity });
      // Pauses advance a clock of the budget's own instead of the wall: the backoff of a 429
      // without Retry-After is a second, and the test needs only its order of events.
      let clock = 0;
      const budget = new RequestBudget({ concurrency: 8, now: () => clock, sleep: async (ms) => void (clock += ms) });
      const http = testHttpClient({ baseUrl: api.baseUrl, budget, retries: { limit: 20, maxDelayMs: 1000 } });

      const ids = await drive(http, 60, 8);

      expect(new Set(ids).size).toBe(60);
      const stats = budget.stats();
      expect(stats.throttled_429).toBe(api.requests.filter((r) => r.status === 429).length);
      expect(stats.throttled_429).toBeGreaterThan(0);
      // 8 → 4 → 2 at least: the first 429s pause, the ones that follow halve.
      expect(stats.lowest_concurrency_limit).toBeLessThanOrEqual(2);
      expect(stats.lowest_concurrency_limit).toBeGreaterThanOrEqual(1);
      // Once halved, the 429s stop: most of the run goes through without one.
      expect(stats.throttled_429).toBeLessThan(api.requests.length / 4);
    });
  });

  describe('the deadline', () => {
    it('refuses a source-wide pause that would cross the deadline, so the run can continue in a new invocation', async () => {
      api = await startFakeApi({ collections: { items: 10 } });
      api.addFault({ path: '/public/offset/items', kind: 'status', status: 429, retryAfter: 30 });
      const budget = new RequestBudget({ concurrency: 2 });
      const deadline = { remainingTimeMs: () => 10_000, safetyMarginMs: 1000, progress: { pageReceived: true } };
      const http = testHttpClient({ baseUrl: api.baseUrl, budget, deadline, retries: { limit: 3, maxDelayMs: 60_000 } });

      // The first caller gets the 429; its own retry wait is refused as before.
      await expect(http.send(page(0))).rejects.toBeInstanceOf(RetryPastDeadlineError);
      // Another caller meets the source-wide pause and is refused before it sends anything.
      const error = await http.send(page(1)).then(
        () => undefined,
        (e: unknown) => e,
      );

      expect(error).toBeInstanceOf(RetryPastDeadlineError);
      expect((error as Error).message).toMatch(/the source-wide pause of \d+ ms would outlast this invocation \(9000 ms left/);
      // What is left of the 30 s the server asked for, not a wait of the caller's own.
      expect((error as RetryPastDeadlineError).waitMs).toBeGreaterThan(29_000);
      expect(api.requests).toHaveLength(1);
      expect(budget.stats()).toMatchObject({ in_flight: 0, requests: 1 });
    });

    it('does not start a request inside the safety margin after waiting for a place in flight', async () => {
      api = await startFakeApi({ collections: { items: 10 } });
      api.addFault({ path: '/public/offset/items', kind: 'slow', delayMs: 300 });
      const budget = new RequestBudget({ concurrency: 1 });
      // The safety margin begins 100 ms from now: the slow first request takes the time the second waited for.
      const end = Date.now() + 1100;
      const deadline = { remainingTimeMs: () => end - Date.now(), safetyMarginMs: 1000, progress: { pageReceived: true } };
      const http = testHttpClient({ baseUrl: api.baseUrl, budget, deadline });

      const [first, second] = await Promise.allSettled([http.send(page(0)), http.send(page(1))]);

      expect(first.status).toBe('fulfilled');
      expect(second.status === 'rejected' && second.reason).toBeInstanceOf(RequestPastDeadlineError);
      expect(api.requests.map((r) => r.query.offset)).toEqual(['0']);
      expect(budget.stats()).toMatchObject({ in_flight: 0, requests: 1 });
    });
  });
});
