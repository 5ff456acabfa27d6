/**
 * An HTTP client for tests that build auth strategies or page loops by hand:
 * the real client with the source defaults, retry waits recorded instead of
 * slept, and no jitter.
 */
import { DEFAULTS } from '../../lambdas/config/defaults';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../lambdas/http/HttpClient';
import { silentLogger } from '../../lambdas/observability/Logger';

/** The real client; `delays` receives every retry wait. */
export function testHttpClient(options: Partial<HttpClientOptions> & { delays?: number[] } = {}): HttpClient {
  const { delays = [], ...rest } = options;
  return createHttpClient({
    baseUrl: 'http://127.0.0.1',
    timeoutMs: 5000,
    retries: { limit: 0, maxDelayMs: 0 },
    maxResponseBytes: DEFAULTS.maxResponseBytes,
    logger: silentLogger,
    sleep: async (ms) => void delays.push(ms),
    random: () => 0,
    ...rest,
  });
}
