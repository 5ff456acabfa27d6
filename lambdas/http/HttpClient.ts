/**
 * The HTTP client of a source, built on ky: retries (408, 429, 5xx, network
 * errors and timeouts) with backoff and jitter or `Retry-After`, a per-request
 * timeout, `response_actions`, credentials only for `base_url`'s origin, and
 * redirects followed by hand so that a cross-origin hop never carries them.
 */
import ky, { ForceRetryError, isTimeoutError, type KyInstance } from 'ky';
import type { AuthStrategy } from '../auth/AuthStrategy';
import type { ResponseAction } from '../config/schema';
import { HttpError, type HttpErrorContext } from '../errors/HttpError';
import { SluiceError } from '../errors/SluiceError';
import type { Logger } from '../observability/Logger';
import { readBody, parseBody, excerptOf } from './responseBody';
import { matchResponseAction } from './responseActions';
import { redactUrl } from './redactUrl';
import { requestSignal } from './requestSignal';
import { requestUrl } from './requestUrl';
import { retryDelay } from './retryDelay';
import type { HttpRequest, HttpResponse } from './HttpTypes';
import { stripCredentials } from './stripCredentials';

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** The source's `base_url`: only its origin receives credentials. */
  baseUrl: string;
  /** Per-request timeout (each attempt, body included). */
  timeoutMs: number;
  /** Retries after the first attempt, and the cap on any one wait. */
  retries: { limit: number; maxDelayMs: number };
  /** Hosts next URLs may point to (base_url's host is always allowed); absent: any http(s) host. */
  allowedHosts?: readonly string[];
  logger: Logger;
  /** Counts retries for metrics. */
  count?: (metric: 'retries', n?: number) => void;
  /** Waits between retries. @default a timer that honours the request's abort signal */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for HTTP-date `Retry-After`. @default Date.now */
  now?: () => number;
  /** Jitter source. @default Math.random */
  random?: () => number;
}

/** Per-request options of {@link HttpClient.send}. */
export interface SendOptions {
  /** Applied only when the request goes to base_url's origin. */
  auth?: AuthStrategy;
  /** Checked in order before the default handling. */
  responseActions?: readonly ResponseAction[];
  signal?: AbortSignal;
}

/** Sends requests with retries, auth and response actions. */
export interface HttpClient {
  /** The parsed response, or `undefined` when a response action said `ignore`. @throws HttpError */
  send(request: HttpRequest, options?: SendOptions): Promise<HttpResponse | undefined>;
}

/** Statuses retried by default (413 is not: sending the same body again cannot help). */
export const RETRY_STATUSES: readonly number[] = Object.freeze([408, 429, 500, 502, 503, 504]);
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

// Thrown from a hook to leave ky's retry loop without a retry (shouldRetry says no).
class Ignored extends Error {}

/** What the last attempt of one send saw: the error after the last retry is built from it. */
interface Attempt {
  status?: number;
  retryAfter?: string | null;
  /** The last body as text; its excerpt is built only when an error needs it. */
  text?: string;
  action?: ResponseAction;
  /** Responses received. */
  count: number;
  /** Retries started; a timeout or network error leaves no response to count. */
  retries: number;
  request?: Request;
}

function excerpt(seen: Attempt): string | undefined {
  return seen.text === undefined ? undefined : excerptOf(seen.text);
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Creates the client of one source (or resource). */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const base = new URL(options.baseUrl);
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const allowed = options.allowedHosts ? new Set([base.host, base.hostname, ...options.allowedHosts]) : undefined;

  function fail(reason: HttpErrorContext['reason'], message: string, method: string, url: string, extra: Partial<HttpErrorContext> = {}, cause?: unknown): HttpError {
    return new HttpError(message, { reason, method, url: redactUrl(url), ...extra }, cause === undefined ? undefined : { cause });
  }

  /** One request to one URL, retried by ky; resolves the final response and its body bytes, or 'ignored'. */
  async function attempt(
    kyInstance: KyInstance,
    method: 'GET' | 'POST',
    url: string,
    init: { headers: Record<string, string>; body?: string },
    auth: AuthStrategy | undefined,
    send: SendOptions,
    seen: Attempt,
  ): Promise<{ response: Response; size: number } | 'ignored'> {
    let text = '';
    let size = 0;
    // The body is read here, once, and ky gets a bodiless copy: ky clones every response
    // for afterResponse hooks, and a clone tees the body, so reading the clone left a
    // second copy of each page buffered in the original's unread branch (garbage that
    // made peak RSS grow with the number of pages). ky's timeout covers this read too.
    const fetchOnce = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
      const raw = await fetch(input, init);
      if (REDIRECTS.has(raw.status)) {
        void raw.body?.cancel().catch(() => undefined);
        text = '';
      } else {
        text = await readBody(raw, options.timeoutMs);
      }
      return new Response(null, { status: raw.status, statusText: raw.statusText, headers: raw.headers });
    };
    const fresh = (signal: AbortSignal): Request => new Request(url, { method, headers: init.headers, body: init.body, redirect: 'manual', signal });
    // The chain's signal is long-lived: ky and fetch get one of this request's own.
    const linked = requestSignal(send.signal);
    try {
      const response = await kyInstance(url, {
        method,
        headers: init.headers,
        body: init.body,
        redirect: 'manual',
        signal: linked.signal,
        fetch: fetchOnce,
        hooks: {
          // Rebuilt from the plain request each attempt, so a strategy that adds a
          // query parameter never adds it twice, and a refreshed token is picked up.
          beforeRequest: auth ? [async (request) => (seen.request = await auth.authenticate(fresh(request.signal)))] : [],
          afterResponse: [
            async (_request, _options, response) => {
              seen.count++;
              seen.status = response.status;
              seen.retryAfter = response.headers.get('retry-after');
              seen.action = undefined;
              seen.text = undefined;
              if (REDIRECTS.has(response.status)) return undefined;
              size = Buffer.byteLength(text, 'utf8');
              seen.text = text;
              const action = matchResponseAction(send.responseActions ?? [], response.status, text);
              if (action?.action === 'ignore') throw new Ignored();
              if (action?.action === 'fail') {
                throw fail('response_action', `response_actions rule ${JSON.stringify(action)} says fail`, method, url, { status: response.status, excerpt: excerpt(seen) });
              }
              seen.action = action;
              // ky 1.x retries only thrown HTTPErrors, and then only for retry.methods and
              // with its own Retry-After handling; a forced retry covers a "retry" action on a
              // 200 and POST reads alike, and leaves the wait to our beforeRetry hook.
              if (action?.action === 'retry' || RETRY_STATUSES.includes(response.status)) return ky.retry();
              return undefined;
            },
          ],
          beforeRetry: [
            async ({ error, retryCount }) => {
              seen.retries = retryCount;
              const forced = error instanceof ForceRetryError;
              const ms = retryDelay(retryCount, forced ? seen.retryAfter : undefined, { maxDelayMs: options.retries.maxDelayMs, now, random });
              options.count?.('retries', 1);
              options.logger.warn('retrying request', {
                method,
                url: redactUrl(url),
                retry: retryCount,
                of: options.retries.limit,
                delay_ms: ms,
                reason: forced ? `status ${seen.status}` : error.name,
              });
              await (options.sleep ? options.sleep(ms) : defaultSleep(ms, linked.signal));
            },
          ],
        },
      });
      return { response, size };
    } catch (error) {
      if (error instanceof Ignored) return 'ignored';
      // A SluiceError is ours (an HttpError, or an AuthError from the token endpoint, which retried on its own): never a network error.
      if (error instanceof SluiceError || send.signal?.aborted) throw error;
      const attempts = { attempts: Math.max(seen.count, seen.retries + 1) };
      if (error instanceof ForceRetryError) {
        const message = seen.action ? 'a response_actions rule said retry and no retry was left' : 'retryable status and no retry left';
        throw fail(seen.action ? 'response_action' : 'status', message, method, url, { status: seen.status, excerpt: excerpt(seen), ...attempts }, error);
      }
      if (isTimeoutError(error) || (error as Error).name === 'BodyTimeoutError') {
        throw fail('timeout', `no complete response within ${options.timeoutMs} ms, and no retry left`, method, url, attempts, error);
      }
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw fail('network', `network error (${cause}), and no retry left`, method, url, attempts, error);
    } finally {
      linked.release();
    }
  }

  const kyInstance = ky.create({
    timeout: options.timeoutMs,
    throwHttpErrors: false,
    retry: {
      limit: options.retries.limit,
      methods: ['get', 'post'],
      statusCodes: [],
      afterStatusCodes: [],
      // The wait happens in beforeRetry (injectable sleep, Retry-After 0 / past date → backoff).
      delay: () => 0,
      retryOnTimeout: true,
      shouldRetry: ({ error }) => !(error instanceof Ignored || error instanceof SluiceError),
    },
  });

  return {
    async send(request, send = {}) {
      let url = requestUrl(request);
      let method = request.method;
      let body = request.json === undefined ? undefined : JSON.stringify(request.json);
      let headers: Record<string, string> = { accept: 'application/json', ...request.headers };
      if (body !== undefined) headers = { 'content-type': 'application/json', ...headers };
      let reauthenticated = false;
      for (let hops = 0; ; ) {
        const target = new URL(url);
        if (target.protocol !== 'https:' && target.protocol !== 'http:') {
          throw fail('scheme_not_allowed', `refusing a ${target.protocol} URL: only http(s) is followed`, method, url);
        }
        if (allowed && !allowed.has(target.host) && !allowed.has(target.hostname)) {
          throw fail('host_not_allowed', `host "${target.host}" is not in client.allowed_hosts`, method, url);
        }
        const sameOrigin = target.origin === base.origin;
        const auth = sameOrigin ? send.auth : undefined;
        const seen: Attempt = { count: 0, retries: 0 };
        const result = await attempt(kyInstance, method, url, { headers: sameOrigin ? headers : stripCredentials(headers), body }, auth, send, seen);
        if (result === 'ignored') {
          options.logger.debug('response ignored by a response action', { method, url: redactUrl(url), status: seen.status });
          return undefined;
        }
        const { response, size } = result;
        const location = response.headers.get('location');
        if (REDIRECTS.has(response.status) && location) {
          if (++hops > MAX_REDIRECTS) throw fail('redirect', `more than ${MAX_REDIRECTS} redirects`, method, url, { status: response.status });
          url = new URL(location, url).toString();
          if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
            method = 'GET';
            body = undefined;
          }
          continue;
        }
        if (response.status === 401 && auth && seen.request) {
          if (!reauthenticated && (await auth.onUnauthorized?.(seen.request))) {
            reauthenticated = true;
            continue;
          }
          const why = reauthenticated ? 'the API rejected the freshly obtained credentials too' : 'the API rejected the credentials';
          throw fail('unauthorized', why, method, url, { status: 401, excerpt: excerpt(seen) });
        }
        if (response.status < 200 || response.status >= 300) {
          throw fail('status', `HTTP ${response.status}`, method, url, { status: response.status, excerpt: excerpt(seen), attempts: seen.count });
        }
        const parsed = parseBody(seen.text ?? '', response.status);
        if (!parsed.ok) {
          const type = response.headers.get('content-type') ?? 'no content-type';
          throw fail('not_json', `the response body is not JSON (content-type: ${type})`, method, url, { status: response.status, excerpt: excerpt(seen) });
        }
        return { status: response.status, url: response.url || url, headers: response.headers, body: parsed.value, bytes: size };
      }
    },
  };
}
