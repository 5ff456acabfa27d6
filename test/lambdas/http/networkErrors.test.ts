import dns from 'node:dns';
import { closedPort } from '../../support/closedPort';
import { HttpError } from '../../../lambdas/errors/HttpError';
import { isPermanentNetworkError, networkErrorCode } from '../../../lambdas/http/networkError';
import type { Logger } from '../../../lambdas/observability/Logger';
import { testHttpClient } from '../../support/httpClient';

/** A logger that keeps its warnings. */
function recordingLogger(warnings: Array<Record<string, unknown>>): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (_message, extra) => void warnings.push(extra ?? {}),
    error: () => undefined,
    child: () => logger,
  };
  return logger;
}

/** What undici's fetch throws for a host name that does not resolve. */
function dnsFailure(host: string): TypeError {
  const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: host });
  return new TypeError('fetch failed', { cause });
}

describe('network errors', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads the system code under fetch\'s TypeError', () => {
    expect(networkErrorCode(dnsFailure('x.invalid'))).toBe('ENOTFOUND');
    expect(networkErrorCode(new TypeError('fetch failed'))).toBeUndefined();
    expect(isPermanentNetworkError(dnsFailure('x.invalid'))).toBe(true);
    expect(isPermanentNetworkError(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))).toBe(false);
    expect(isPermanentNetworkError(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'EAI_AGAIN' }) }))).toBe(false);
  });

  it('retries a refused connection, naming ECONNREFUSED in the retry log, and then fails with a hint naming client.base_url', async () => {
    const port = await closedPort();
    const warnings: Array<Record<string, unknown>> = [];
    const delays: number[] = [];
    const http = testHttpClient({ baseUrl: `http://127.0.0.1:${port}`, retries: { limit: 2, maxDelayMs: 10 }, delays, logger: recordingLogger(warnings) });
    const error = await http.send({ method: 'GET', url: `http://127.0.0.1:${port}/items`, params: {}, headers: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).reason).toBe('network');
    expect((error as HttpError).message).toMatch(/after 3 attempts: network error \(.*ECONNREFUSED.*\), and no retry left/);
    expect((error as HttpError).hint).toContain('client.base_url');
    expect((error as HttpError).hint).toContain(`http://127.0.0.1:${port}`);
    expect(delays).toHaveLength(2);
    expect(warnings.map((w) => w.reason)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });

  it('does not retry a host name that does not resolve', async () => {
    // The resolver's answer, whatever the machine's DNS: a look-up is what the client makes of a host name.
    const lookupSpy = jest.spyOn(dns, 'lookup').mockImplementation(((host: string, _options: unknown, callback: (error: Error) => void) => {
      const failure = dnsFailure(host).cause as Error;
      (typeof _options === 'function' ? (_options as typeof callback) : callback)(failure);
    }) as unknown as typeof dns.lookup);
    const delays: number[] = [];
    const http = testHttpClient({ baseUrl: 'https://api.nosuch.invalid', retries: { limit: 5, maxDelayMs: 30_000 }, delays });
    const error = await http.send({ method: 'GET', url: 'https://api.nosuch.invalid/items', params: {}, headers: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(lookupSpy).toHaveBeenCalledTimes(1);
    expect(delays).toEqual([]);
    expect((error as HttpError).message).toBe(
      'GET https://api.nosuch.invalid/items: network error (getaddrinfo ENOTFOUND api.nosuch.invalid), not retried: no retry can change this',
    );
    expect((error as HttpError).hint).toContain('https://api.nosuch.invalid');
  });
});
