import { gzipSync } from 'node:zlib';
import { getEventListeners } from 'node:events';
import type { AuthStrategy } from '../../../lambdas/auth/AuthStrategy';
import { HttpError } from '../../../lambdas/errors/HttpError';
import type { HttpClientOptions } from '../../../lambdas/http/HttpClient';
import type { HttpRequest } from '../../../lambdas/http/HttpTypes';
import { addSecret, clearSecrets } from '../../../lambdas/secrets/Redactor';
import { testHttpClient } from '../../support/httpClient';
import { json, startLoopback, type Loopback } from './loopback';
import { RequestPastDeadlineError } from '../../../lambdas/errors/RequestPastDeadlineError';
import { RetryPastDeadlineError } from '../../../lambdas/errors/RetryPastDeadlineError';

const TOKEN = 'tok-abcdef-123456';

function bearer(tokens: string[] = [TOKEN]): AuthStrategy & { refreshed: number } {
  let i = 0;
  const strategy = {
    refreshed: 0,
    authenticate(request: Request): Request {
      const headers = new Headers(request.headers);
      headers.set('authorization', `Bearer ${tokens[Math.min(i, tokens.length - 1)]}`);
      return new Request(request, { headers });
    },
    async onUnauthorized(): Promise<boolean> {
      strategy.refreshed++;
      i++;
      return true;
    },
  };
  return strategy;
}

function get(url: string, params: Record<string, unknown> = {}): HttpRequest {
  return { method: 'GET', url, params, headers: {} };
}

describe('HttpClient', () => {
  const servers: Loopback[] = [];
  let delays: number[];
  const start = async (...args: Parameters<typeof startLoopback>): Promise<Loopback> => {
    const s = await startLoopback(...args);
    servers.push(s);
    return s;
  };
  const client = (baseUrl: string, extra: Partial<HttpClientOptions> = {}) =>
    testHttpClient({ baseUrl, retries: { limit: 3, maxDelayMs: 30_000 }, delays, now: () => Date.parse('2026-01-01T00:00:00Z'), ...extra });

  beforeEach(() => {
    delays = [];
  });
  afterEach(async () => {
    clearSecrets();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('leaves nothing on a long-lived signal after its requests, retried ones included', async () => {
    const api = await start((_req, res, n) => (n % 3 === 1 ? json(res, 503, {}) : json(res, 200, [n])));
    const chain = new AbortController();
    const http = client(api.url, { sleep: undefined, retries: { limit: 3, maxDelayMs: 1 } });
    for (let i = 0; i < 10; i++) await http.send(get(`${api.url}/items`), { signal: chain.signal });
    expect(getEventListeners(chain.signal, 'abort')).toHaveLength(0);
  });

  it('retries 429, 500, 502, 503, 504 and 408 with exponential backoff', async () => {
    const statuses = [429, 500, 502, 503, 504, 408];
    const api = await start((_req, res, n) => (n <= statuses.length ? json(res, statuses[n - 1], { error: 'x' }) : json(res, 200, [1])));
    const res = await client(api.url, { retries: { limit: 6, maxDelayMs: 300_000 } }).send(get(`${api.url}/items`));
    expect(res?.body).toEqual([1]);
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000]);
  });

  it('honours Retry-After in seconds and as an HTTP date, capped by max_delay_ms', async () => {
    const date = new Date(Date.parse('2026-01-01T00:00:00Z') + 7000).toUTCString();
    const afters = ['2', date, '3600', '0'];
    const api = await start((_req, res, n) => (n <= afters.length ? json(res, 429, {}, { 'retry-after': afters[n - 1] }) : json(res, 200, {})));
    await client(api.url, { retries: { limit: 4, maxDelayMs: 60_000 } }).send(get(`${api.url}/x`));
    // Retry-After 0 falls back to the backoff of retry 4 (never a hot loop).
    expect(delays).toEqual([2000, 7000, 60_000, 4000]);
  });

  it('retries a POST (these are reads) and a network error', async () => {
    const api = await start((_req, res, n) => (n === 1 ? res.destroy() : json(res, 200, { ok: true })));
    const res = await client(api.url).send({ method: 'POST', url: `${api.url}/search`, params: {}, headers: {}, json: { q: 1 } });
    expect(res?.body).toEqual({ ok: true });
    expect(api.requests.map((r) => [r.method, r.body])).toEqual([
      ['POST', '{"q":1}'],
      ['POST', '{"q":1}'],
    ]);
  });

  it('retries a timeout as a network error', async () => {
    const api = await start((_req, res, n) => (n === 1 ? undefined : json(res, 200, { ok: 1 })));
    const res = await client(api.url, { timeoutMs: 200 }).send(get(`${api.url}/slow`));
    expect(res?.body).toEqual({ ok: 1 });
    expect(delays).toHaveLength(1);
  });

  it('fails after the last retry naming method, redacted URL, status and a body excerpt', async () => {
    addSecret(TOKEN);
    const api = await start((_req, res) => json(res, 503, { error: `overloaded, your key ${TOKEN}` }));
    const error = await client(api.url, { retries: { limit: 2, maxDelayMs: 1 } })
      .send(get(`${api.url}/items`, { api_key: 'plain-key', page: 2 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    const message = (error as HttpError).message;
    expect(message).toContain(`GET ${api.url}/items?api_key=***&page=2 (status 503) after 3 attempts`);
    expect(message).toContain('overloaded, your key ***');
    expect(message).not.toContain(TOKEN);
    expect(message).not.toContain('plain-key');
    expect(api.requests).toHaveLength(3);
  });

  it('does not retry a 404 and reports it', async () => {
    const api = await start((_req, res) => json(res, 404, { error: 'not found' }));
    await expect(client(api.url).send(get(`${api.url}/nope`))).rejects.toMatchObject({ status: 404, reason: 'status' });
    expect(api.requests).toHaveLength(1);
  });

  it('returns a null body for 204 and an empty 200', async () => {
    const api = await start((_req, res, n) => (n === 1 ? (res.writeHead(204), res.end()) : (res.writeHead(200), res.end())));
    expect((await client(api.url).send(get(`${api.url}/a`)))?.body).toBeNull();
    expect((await client(api.url).send(get(`${api.url}/a`)))?.body).toBeNull();
  });

  it('fails clearly when a 200 body is not JSON', async () => {
    const api = await start((_req, res) => (res.writeHead(200, { 'content-type': 'text/html' }), res.end('<html><body>Login</body></html>')));
    await expect(client(api.url).send(get(`${api.url}/a`))).rejects.toThrow(/body is not JSON \(content-type: text\/html\); body: <html><body>Login/);
  });

  describe('response_actions', () => {
    it('ignores a matching status: resolves undefined', async () => {
      const api = await start((_req, res) => json(res, 404, { error: 'deleted' }));
      expect(await client(api.url).send(get(`${api.url}/a`), { responseActions: [{ at: 'resources[0].endpoint.response_actions[0]', statusCode: 404, content: undefined, action: 'ignore' }] })).toBeUndefined();
    });

    it('retries a 200 whose body matches, then fails reporting status 200', async () => {
      const api = await start((_req, res) => json(res, 200, { error: 'rate limited, try later' }));
      const send = client(api.url, { retries: { limit: 2, maxDelayMs: 10 } }).send(get(`${api.url}/a`), {
        responseActions: [{ at: 'resources[0].endpoint.response_actions[0]', statusCode: undefined, content: 'rate limited', action: 'retry' }],
      });
      await expect(send).rejects.toMatchObject({ status: 200, reason: 'response_action' });
      expect(api.requests).toHaveLength(3);
    });

    it('fails at once on a "fail" rule, checked in order before the default handling', async () => {
      const api = await start((_req, res) => json(res, 503, { error: 'maintenance' }));
      const send = client(api.url).send(get(`${api.url}/a`), {
        responseActions: [
          { at: 'resources[0].endpoint.response_actions[0]', statusCode: 503, content: 'maintenance', action: 'fail' },
          { at: 'resources[0].endpoint.response_actions[0]', statusCode: 503, content: undefined, action: 'ignore' },
        ],
      });
      await expect(send).rejects.toMatchObject({ status: 503, reason: 'response_action' });
      expect(api.requests).toHaveLength(1);
    });
  });

  describe('bounded bodies and time', () => {
    const cap = 1024 * 1024;

    it('fails a body larger than max_response_bytes, naming the limit, and does not retry it', async () => {
      const api = await start((_req, res) => json(res, 200, { blob: 'x'.repeat(cap) }));
      const send = client(api.url, { maxResponseBytes: cap }).send(get(`${api.url}/big`));
      await expect(send).rejects.toMatchObject({ reason: 'too_large', status: 200 });
      await expect(client(api.url, { maxResponseBytes: cap }).send(get(`${api.url}/big`))).rejects.toThrow(`larger than client.max_response_bytes (${cap} bytes, counted decompressed)`);
      expect(api.requests).toHaveLength(2);
    });

    it('counts decompressed bytes: a small gzip body that unpacks past the cap fails', async () => {
      const bomb = gzipSync(Buffer.alloc(16 * cap));
      expect(bomb.length).toBeLessThan(cap / 10);
      const api = await start((_req, res) => (res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }), res.end(bomb)));
      await expect(client(api.url, { maxResponseBytes: cap }).send(get(`${api.url}/bomb`))).rejects.toMatchObject({ reason: 'too_large' });
    });

    it('stops reading an endless chunked body at the cap', async () => {
      const api = await start((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = (): void => {
          while (res.write(chunk));
        };
        res.on('drain', pump);
        pump();
      });
      await expect(client(api.url, { maxResponseBytes: cap }).send(get(`${api.url}/endless`))).rejects.toMatchObject({ reason: 'too_large' });
    });

    it('times out a body that drips, within the request timeout', async () => {
      const api = await start((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const drip = setInterval(() => res.write(' '), 50);
        res.on('close', () => clearInterval(drip));
      });
      const started = Date.now();
      await expect(client(api.url, { timeoutMs: 300, retries: { limit: 0, maxDelayMs: 0 } }).send(get(`${api.url}/drip`))).rejects.toMatchObject({ reason: 'timeout' });
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it('refuses a retry wait that would cross the deadline minus the safety margin, before waiting', async () => {
      const api = await start((_req, res) => json(res, 503, {}, { 'retry-after': '20' }));
      const deadline = { remainingTimeMs: () => 15_000, safetyMarginMs: 1000 };
      const send = client(api.url, { deadline }).send(get(`${api.url}/busy`));
      await expect(send).rejects.toBeInstanceOf(RetryPastDeadlineError);
      await expect(client(api.url, { deadline }).send(get(`${api.url}/busy`))).rejects.toMatchObject({ waitMs: 20_000, leftMs: 14_000 });
      expect(delays).toEqual([]);
    });

    it('starts no request inside the safety margin once a page has arrived: not the next page, not a token request of another client of the run', async () => {
      let left = 0;
      const api = await start((_req, res) => json(res, 200, { ok: true }));
      const deadline = { remainingTimeMs: () => left, safetyMarginMs: 1000, progress: { pageReceived: false } };
      const pages = client(api.url, { deadline });
      const tokens = client(api.url, { deadline });
      // The invocation's first page goes whatever the time left: every invocation makes progress.
      await pages.send(get(`${api.url}/first`));
      await expect(pages.send(get(`${api.url}/second`))).rejects.toBeInstanceOf(RequestPastDeadlineError);
      await expect(tokens.post({ url: `${api.url}/token`, headers: {}, body: 'grant_type=client_credentials' })).rejects.toMatchObject({ remainingMs: 0, safetyMarginMs: 1000 });
      left = 1000;
      await pages.send(get(`${api.url}/third`));
      expect(api.requests.map((r) => r.url)).toEqual(['/first', '/third']);
    });
  });

  describe('credentials', () => {
    it('sends credentials to base_url origin only: not to a next URL on another host', async () => {
      const other = await start((_req, res) => json(res, 200, { page: 2 }));
      const api = await start((_req, res) => json(res, 200, { page: 1 }));
      const http = client(`${api.url}/v1/`);
      const auth = bearer();
      await http.send(get(`${api.url}/v1/items`), { auth });
      await http.send({ ...get(`${other.url}/items`), headers: { 'x-trace': 'ok' } }, { auth });
      expect(api.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(other.requests[0].headers.authorization).toBeUndefined();
      expect(other.requests[0].headers['x-trace']).toBe('ok');
    });

    it('refuses a cross-origin redirect of a credentialed request, naming both origins, and sends nothing there', async () => {
      const other = await start((_req, res) => json(res, 200, { moved: true }));
      const api = await start((_req, res) => (res.writeHead(302, { location: `${other.url}/elsewhere` }), res.end()));
      const send = client(api.url).send(get(`${api.url}/a`), { auth: bearer() });
      await expect(send).rejects.toMatchObject({ reason: 'redirect', status: 302 });
      await expect(client(api.url).send(get(`${api.url}/a`), { auth: bearer() })).rejects.toThrow(`refusing a redirect from ${api.url} to ${other.url}`);
      expect(api.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(other.requests).toHaveLength(0);
    });

    it('refuses a cross-origin redirect of a request with a secret header, and follows one of a request without credentials', async () => {
      addSecret('hdr-secret-value');
      const other = await start((_req, res) => json(res, 200, { moved: true }));
      const api = await start((_req, res) => (res.writeHead(307, { location: `${other.url}/elsewhere` }), res.end()));
      await expect(client(api.url).send({ ...get(`${api.url}/a`), headers: { 'x-trace': 'hdr-secret-value' } })).rejects.toMatchObject({ reason: 'redirect' });
      expect(other.requests).toHaveLength(0);
      const res = await client(api.url).send({ ...get(`${api.url}/a`), headers: { 'x-trace': 'ok' } });
      expect(res?.body).toEqual({ moved: true });
      expect(other.requests[0].headers['x-trace']).toBe('ok');
    });

    it('sends a foreign next URL without a query parameter holding a secret, or a credential-looking header', async () => {
      addSecret('key-secret-value-1');
      const other = await start((_req, res) => json(res, 200, { page: 2 }));
      const api = await start((_req, res) => json(res, 200, {}));
      const headers = { 'X-Auth-Token': 'plainTOKEN12345', authorization: 'Bearer plain-bearer-1', cookie: 'sid=abc', 'x-trace': 'ok' };
      await client(api.url).send({ ...get(`${other.url}/items?api_key=key-secret-value-1&page=2`), headers });
      expect(other.requests[0].url).toBe('/items?page=2');
      expect(other.requests[0].headers).not.toHaveProperty('x-auth-token');
      expect(other.requests[0].headers).not.toHaveProperty('authorization');
      expect(other.requests[0].headers).not.toHaveProperty('cookie');
      expect(other.requests[0].headers['x-trace']).toBe('ok');
    });

    it('compares allowed_hosts as origins: scheme and port included', async () => {
      const api = await start((_req, res) => json(res, 200, {}));
      const other = await start((_req, res) => json(res, 200, {}));
      const port = new URL(other.url).port;
      await expect(client(api.url, { allowedHosts: ['127.0.0.1'] }).send(get(`${other.url}/x`))).rejects.toMatchObject({ reason: 'host_not_allowed' });
      await expect(client(api.url, { allowedHosts: [`https://127.0.0.1:${port}`] }).send(get(`${other.url}/x`))).rejects.toMatchObject({ reason: 'host_not_allowed' });
      expect((await client(api.url, { allowedHosts: [`127.0.0.1:${port}`] }).send(get(`${other.url}/x`)))?.status).toBe(200);
      expect((await client(api.url, { allowedHosts: [`http://127.0.0.1:${port}`] }).send(get(`${other.url}/x`)))?.status).toBe(200);
    });

    it('never goes from an https base_url down to http', async () => {
      const other = await start((_req, res) => json(res, 200, {}));
      await expect(client('https://api.example.test/v1').send(get(`${other.url}/x`))).rejects.toMatchObject({ reason: 'scheme_not_allowed' });
      expect(other.requests).toHaveLength(0);
    });

    it('refuses a host outside allowed_hosts and a non-http scheme', async () => {
      const api = await start((_req, res) => json(res, 200, {}));
      const http = client(api.url, { allowedHosts: ['api.partner.test'] });
      await expect(http.send(get('http://evil.test/x'))).rejects.toMatchObject({ reason: 'host_not_allowed' });
      await expect(http.send(get('file:///etc/passwd'))).rejects.toMatchObject({ reason: 'scheme_not_allowed' });
      expect((await http.send(get(`${api.url}/ok`)))?.status).toBe(200);
    });

    it('re-sends once with fresh credentials after a 401', async () => {
      const api = await start((req, res) => (req.headers.authorization === 'Bearer fresh-token-2' ? json(res, 200, { ok: 1 }) : json(res, 401, {})));
      const auth = bearer(['stale-token-1', 'fresh-token-2']);
      expect((await client(api.url).send(get(`${api.url}/a`), { auth }))?.body).toEqual({ ok: 1 });
      expect(auth.refreshed).toBe(1);
    });

    it('fails saying the fresh credentials were rejected on a second 401', async () => {
      const api = await start((_req, res) => json(res, 401, { error: 'invalid_token' }));
      const auth = bearer(['t-1-aaaa', 't-2-bbbb']);
      await expect(client(api.url).send(get(`${api.url}/a`), { auth })).rejects.toThrow(/rejected the freshly obtained credentials/);
      expect(api.requests).toHaveLength(2);
      expect(auth.refreshed).toBe(1);
    });
  });
});
