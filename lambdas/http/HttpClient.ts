/**
 * The one HTTP client of a source, built on ky, for every request that leaves
 * the process: pages, and the token and login requests of auth strategies
 * ({@link HttpClient.post}). Retries (408, 429, 5xx, network errors and
 * timeouts) with backoff and jitter or `Retry-After`, never a wait past the
 * invocation's deadline; a per-request timeout over headers and body; a cap on
 * every body, counted decompressed; `response_actions`; credentials only for the
 * origin they belong to (base_url's for pages, the endpoint's own for token
 * requests); and redirects followed by hand, so that a credentialed request is
 * never resent to another origin and a hop to another origin carries no
 * credential header, query parameter or cookie. Every attempt (a retry, a
 * redirect hop, a token request) takes its place in the run's
 * {@link RequestBudget} first, and a 429 or a `Retry-After` pauses the budget,
 * so the whole source waits, not only the chain that was told to.
 */
import type { KyInstance, default as KyDefault } from 'ky';
import { loadKy } from './loadKy';
import type { AuthStrategy } from '../auth/AuthStrategy';
import type { ResponseActionModel } from '../model';
import { HttpError, type HttpErrorContext } from '../errors/HttpError';
import { RequestPastDeadlineError } from '../errors/RequestPastDeadlineError';
import { RetryPastDeadlineError } from '../errors/RetryPastDeadlineError';
import { SluiceError } from '../errors/SluiceError';
import type { Logger } from '../observability/Logger';
import { redact } from '../secrets/Redactor';
import { BodyTooLargeError, parseBody, excerptOf } from './responseBody';
import { sendRequest } from './nodeTransport';
import { originPolicy } from './originPolicy';
import { isPermanentNetworkError, networkErrorCode } from './networkError';
import { matchResponseAction } from './responseActions';
import { redactUrl } from './redactUrl';
import { requestSignal } from './requestSignal';
import { abortableSleep } from './abortableSleep';
import { requestUrl } from './requestUrl';
import { retryAfterMs, retryDelay } from './retryDelay';
import type { BudgetPermit, BudgetWait, RequestBudget } from './RequestBudget';
import type { HttpMethod } from '../model/EndpointModel';
import type { HttpRequest, HttpResponse } from './HttpTypes';
import { hasCredentialHeader, hasCredentialParam, stripCredentialParams, stripCredentials } from './stripCredentials';

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** The source's `base_url`: only its origin receives credentials. */
  baseUrl: string;
  /** Per-request timeout (each attempt, body included). */
  timeoutMs: number;
  /**
   * Retries after the first attempt, and the cap on any one wait. With
   * `retryAfterMaxMs`, a `Retry-After` is honoured up to that instead, and one
   * asking for longer ends the request at once with the wait it asked for
   * (a check: a person waits at the terminal).
   */
  retries: RetrySettings;
  /** Hosts next URLs may point to, compared as origins (base_url's is always allowed); absent: any http(s) origin. */
  allowedHosts?: readonly string[];
  /** `client.max_response_bytes`: cap on every body, counted decompressed while it is read. */
  maxResponseBytes: number;
  /**
   * The invocation's deadline: a retry wait that would cross it fails with {@link RetryPastDeadlineError}, and
   * a request due with less than the safety margin left, once a page has arrived, with {@link RequestPastDeadlineError}.
   * Absent: no deadline.
   */
  deadline?: RunDeadline;
  /**
   * The run's request budget, shared by every client of the run (pages, token and
   * login requests): every attempt waits for its place in it. Absent: no limit (a
   * client built by hand, as in tests of one request).
   */
  budget?: RequestBudget;
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

/** The time an invocation has. */
export interface RunDeadline {
  /** Milliseconds left in this invocation. */
  readonly remainingTimeMs: () => number;
  /** `run.safety_margin_ms`: what must still be left when a wait ends or a request starts. */
  readonly safetyMarginMs: number;
  /**
   * Shared by every client of the invocation (pages, token and login requests):
   * set once a page has arrived. Until then a request starts whatever the time
   * left, so that every invocation makes progress; after, none starts inside the
   * safety margin. Absent: each client keeps its own.
   */
  readonly progress?: { pageReceived: boolean };
}

/** A POST of credentials to an endpoint of their own (a token or login endpoint). */
export interface PostRequest {
  /** The endpoint: its origin is the only one that receives the request. */
  readonly url: string;
  /** Content type and credentials (`Authorization: Basic` with `client_auth: basic`). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as sent (form-encoded or JSON text). */
  readonly body: string;
}

/** The final answer of a {@link HttpClient.post}, whatever its status. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body as text; never larger than `max_response_bytes`. */
  readonly text: string;
}

/** Per-request options of {@link HttpClient.send}. */
export interface SendOptions {
  /** Applied only when the request goes to base_url's origin. */
  auth?: AuthStrategy;
  /** Checked in order before the default handling. */
  responseActions?: readonly ResponseActionModel[];
  signal?: AbortSignal;
}

/** How often and how long {@link HttpClient} retries. */
export interface RetrySettings {
  readonly limit: number;
  readonly maxDelayMs: number;
  readonly retryAfterMaxMs?: number;
}

/** Sends requests with retries, auth and response actions. */
export interface HttpClient {
  /** The parsed response, or `undefined` when a response action said `ignore`. @throws HttpError, RetryPastDeadlineError, RequestPastDeadlineError */
  send(request: HttpRequest, options?: SendOptions): Promise<HttpResponse | undefined>;
  /**
   * POSTs to a token or login endpoint with the same timeouts, retries, body cap
   * and deadline as pages. The request carries credentials, so a redirect to
   * another origin is refused, never resent. Resolves the last response whatever
   * its status (retryable ones after the last retry), for the caller to judge.
   * @throws HttpError on a timeout, a network error, a refused redirect or a body over the cap; RetryPastDeadlineError, RequestPastDeadlineError
   */
  post(request: PostRequest, options?: { signal?: AbortSignal }): Promise<RawResponse>;
}

/** Statuses retried by default (413 is not: sending the same body again cannot help). */
export const RETRY_STATUSES: readonly number[] = Object.freeze([408, 429, 500, 502, 503, 504]);
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

// Thrown from a hook to leave ky's retry loop without a retry (shouldRetry says no).
class Ignored extends Error {}

/** What the last attempt of one request saw: the error after the last retry is built from it. */
interface Attempt {
  status?: number;
  retryAfter?: string | null;
  /** The last response, bodiless. */
  response?: Response;
  /** The last body as text; its excerpt is built only when an error needs it. */
  text?: string;
  action?: ResponseActionModel;
  /** Responses received. */
  count: number;
  /** Retries started; a timeout or network error leaves no response to count. */
  retries: number;
  request?: Request;
}

/** One request to one URL, as sent. */
interface Hop {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Whose credentials a request carries, and which URLs it may go to. */
interface Route {
  /** The origin the credentials belong to: only requests to it carry them. */
  readonly credentialOrigin: string;
  /** True when the first URL is checked against the origin policy too (pages; a token URL is the source's own). */
  readonly checkFirst: boolean;
  /** True when the request carries credentials whatever its headers say (a token request's body). */
  readonly credentialed: boolean;
}

/** The last response of a request after its redirects and retries. */
interface Final {
  readonly hop: Hop;
  readonly response: Response;
  readonly size: number;
  readonly seen: Attempt;
  readonly auth: AuthStrategy | undefined;
  /** Set when the last response was retryable and no retry was left. */
  readonly exhausted: boolean;
}

function excerpt(seen: Attempt): string | undefined {
  return seen.text === undefined ? undefined : excerptOf(seen.text);
}

/** Creates the client of one source (or resource). */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const base = new URL(options.baseUrl);
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const policy = originPolicy(options.baseUrl, options.allowedHosts);
  const progress = options.deadline?.progress ?? { pageReceived: false };

  /**
   * A request that starts inside the safety margin may still be in flight (up to
   * timeout_ms) when the function is killed: it is not started, unless nothing of
   * this invocation has arrived yet. Checked before every hop: a page, the page
   * after a slow one, a redirect, a resend with a new token, a token request.
   */
  function mayStart(method: string, url: string): void {
    if (!options.deadline || !progress.pageReceived) return;
    const left = options.deadline.remainingTimeMs();
    if (left < options.deadline.safetyMarginMs) throw new RequestPastDeadlineError(`${method} ${redactUrl(url)}`, left, options.deadline.safetyMarginMs);
  }

  /** Refuses a budget wait that would end inside the safety margin, as a retry wait is refused. */
  function checkWait(method: string, url: string): (ms: number, why: BudgetWait) => void {
    return (ms, why) => {
      if (!options.deadline) return;
      const left = options.deadline.remainingTimeMs() - options.deadline.safetyMarginMs;
      if (ms > left) throw new RetryPastDeadlineError(`${method} ${redactUrl(url)}`, ms, left, `the ${why}`);
    };
  }

  /**
   * The API throttles the client, not one chain: a 429, or a retryable status with
   * a `Retry-After`, pauses every request of the source for as long as the retry
   * will wait (the header, or the backoff of a 429 without one). Set as the headers
   * arrive, before this request gives its place back, so no other request slips out
   * in between.
   */
  function pauseOnThrottle(budget: RequestBudget, response: Response, retry: number): void {
    const retryAfter = response.headers.get('retry-after');
    const asked = RETRY_STATUSES.includes(response.status) ? retryAfterMs(retryAfter, now()) : undefined;
    if (response.status !== 429 && asked === undefined) return;
    budget.pause(retryDelay(retry, retryAfter, { maxDelayMs: options.retries.maxDelayMs, maxRetryAfterMs: options.retries.retryAfterMaxMs, now, random }));
  }

  function fail(reason: HttpErrorContext['reason'], message: string, method: string, url: string, extra: Partial<HttpErrorContext> = {}, cause?: unknown): HttpError {
    return new HttpError(message, { reason, method, url: redactUrl(url), ...extra }, cause === undefined ? undefined : { cause });
  }

  /** One request to one URL, retried by ky; resolves the last response and its body size, or 'ignored'. */
  async function attempt(hop: Hop, auth: AuthStrategy | undefined, send: SendOptions, seen: Attempt): Promise<{ response: Response; size: number; exhausted: boolean } | 'ignored'> {
    const { method, url } = hop;
    let text = '';
    let size = 0;
    // Taken by the beforeRequest hook (outside ky's timeout, so waiting for the budget
    // never counts as a slow response), given back by fetchOnce once the body is read.
    let permit: BudgetPermit | undefined;
    // The body is read here, once, and ky gets a bodiless copy: ky clones every response
    // for afterResponse hooks, and a clone tees the body, so reading the clone left a
    // second copy of each page buffered in the original's unread branch (garbage that
    // made peak RSS grow with the number of pages). ky's timeout covers this read too,
    // and the transport holds every chunk read to the same deadline and to the size cap.
    const fetchOnce = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
      const held = permit;
      permit = undefined;
      let status: number | undefined;
      try {
        return await fetchAndRead(input, init, (s) => (status = s));
      } finally {
        held?.release(status);
      }
    };
    const fetchAndRead = async (input: Parameters<typeof fetch>[0], _init: RequestInit | undefined, onStatus: (status: number) => void): Promise<Response> => {
      const deadline = Date.now() + options.timeoutMs;
      // ky hands its fetch the Request it built (and the auth strategy may have replaced).
      const raw = await sendRequest(input as Request);
      const { response } = raw;
      onStatus(response.status);
      if (options.budget) pauseOnThrottle(options.budget, response, seen.retries + 1);
      if (REDIRECTS.has(response.status)) {
        raw.discard();
        text = '';
      } else {
        try {
          text = await raw.read({ deadline, maxBytes: options.maxResponseBytes });
        } catch (error) {
          if (!(error instanceof BodyTooLargeError)) throw error;
          throw fail(
            'too_large',
            `the response body is larger than client.max_response_bytes (${options.maxResponseBytes} bytes, counted decompressed); raise client.max_response_bytes or ask for smaller pages`,
            method,
            url,
            { status: response.status },
          );
        }
      }
      return response;
    };
    const fresh = (signal: AbortSignal): Request => new Request(url, { method, headers: hop.headers, body: hop.body, redirect: 'manual', signal });
    const { default: ky, ForceRetryError, isTimeoutError } = await loadKy();
    kyInstance ??= createKy(ky);
    // The chain's signal is long-lived: ky and fetch get one of this request's own.
    const linked = requestSignal(send.signal);
    try {
      const response = await kyInstance(url, {
        method,
        headers: hop.headers,
        body: hop.body,
        redirect: 'manual',
        signal: linked.signal,
        fetch: fetchOnce,
        hooks: {
          // One hook, as ky stops at the first hook that returns a request. Auth first: a
          // strategy may send a token request, which needs a place in the budget of its own.
          beforeRequest: [
            async (request) => {
              // Rebuilt from the plain request each attempt, so a strategy that adds a
              // query parameter never adds it twice, and a refreshed token is picked up.
              const authenticated = auth ? (seen.request = await auth.authenticate(fresh(request.signal))) : undefined;
              if (options.budget) {
                // The wait for a place may have eaten the time left: checked again as it ends.
                permit = await options.budget.acquire({ signal: linked.signal, checkWait: checkWait(method, url), beforeStart: () => mayStart(method, url) });
              }
              return authenticated;
            },
          ],
          afterResponse: [
            async (_request, _options, response) => {
              seen.count++;
              seen.status = response.status;
              seen.retryAfter = response.headers.get('retry-after');
              seen.response = response;
              seen.action = undefined;
              seen.text = undefined;
              if (REDIRECTS.has(response.status)) return undefined;
              const body = text;
              // Out of the closure at once: ky keeps this request's options (fetchOnce among
              // them) reachable until undici's finalizers run, and a page body held there lives
              // past a scavenge into the old generation, which then grows by a page per page.
              text = '';
              size = Buffer.byteLength(body, 'utf8');
              seen.text = body;
              const action = matchResponseAction(send.responseActions ?? [], response.status, body);
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
              const { maxDelayMs, retryAfterMaxMs } = options.retries;
              const asked = forced ? retryAfterMs(seen.retryAfter, now()) : undefined;
              if (asked !== undefined && retryAfterMaxMs !== undefined && asked > retryAfterMaxMs) {
                throw fail(
                  'status',
                  `HTTP ${seen.status}: the API asks to wait ${Math.ceil(asked / 1000)} s before trying again (Retry-After: ${seen.retryAfter}), longer than the ${retryAfterMaxMs / 1000} s this waits; try again later`,
                  method,
                  url,
                  { status: seen.status, excerpt: excerpt(seen), attempts: seen.count },
                );
              }
              const ms = retryDelay(retryCount, forced ? seen.retryAfter : undefined, { maxDelayMs, maxRetryAfterMs: retryAfterMaxMs, now, random });
              // A wait that would end past the deadline is not started: the run continues
              // in a new invocation (or fails cleanly) instead of being killed mid-wait.
              if (options.deadline) {
                const left = options.deadline.remainingTimeMs() - options.deadline.safetyMarginMs;
                if (ms > left) throw new RetryPastDeadlineError(`${method} ${redactUrl(url)}`, ms, left);
              }
              options.count?.('retries', 1);
              options.logger.warn('retrying request', {
                method,
                url: redactUrl(url),
                retry: retryCount,
                of: options.retries.limit,
                delay_ms: ms,
                // The system code (ECONNREFUSED) says what happened; undici's TypeError does not.
                reason: forced ? `status ${seen.status}` : (networkErrorCode(error) ?? error.name),
              });
              await (options.sleep ? options.sleep(ms) : abortableSleep(ms, linked.signal));
            },
          ],
        },
      });
      return { response, size, exhausted: false };
    } catch (error) {
      if (error instanceof Ignored) return 'ignored';
      // A SluiceError is ours (an HttpError, or an AuthError from the token endpoint): never a network error.
      if (error instanceof SluiceError || send.signal?.aborted) throw error;
      const attempts = { attempts: Math.max(seen.count, seen.retries + 1) };
      if (error instanceof ForceRetryError && seen.response) return { response: seen.response, size, exhausted: true };
      if (isTimeoutError(error) || (error as Error).name === 'BodyTimeoutError') {
        throw fail('timeout', `no complete response within ${options.timeoutMs} ms, and no retry left`, method, url, attempts, error);
      }
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      const left = isPermanentNetworkError(error) ? 'not retried: no retry can change this' : 'and no retry left';
      throw fail('network', `network error (${cause}), ${left}`, method, url, attempts, error);
    } finally {
      // Taken but never sent (ky failed between the hook and the fetch): given back all the same.
      permit?.release();
      linked.release();
    }
  }

  /**
   * Sends `start` and follows its redirects by hand. A hop to another origin than
   * the credentials' goes without auth, credential headers and credential query
   * parameters; a redirect of a request that carried credentials to another
   * origin is refused, so they are never resent there.
   */
  async function follow(start: Hop, route: Route, send: SendOptions): Promise<Final | 'ignored'> {
    let hop = start;
    for (let hops = 0; ; ) {
      mayStart(hop.method, hop.url);
      const target = new URL(hop.url);
      if (hops > 0 || route.checkFirst) {
        const refusal = policy.check(target);
        if (refusal) throw fail(refusal.reason, refusal.message, hop.method, hop.url);
      }
      const own = target.origin === route.credentialOrigin;
      const auth = own ? send.auth : undefined;
      const sent: Hop = own ? hop : { ...hop, url: stripCredentialParams(hop.url), headers: stripCredentials(hop.headers) };
      const carries = own && (route.credentialed || auth !== undefined || hasCredentialHeader(hop.headers) || hasCredentialParam(hop.url));
      const seen: Attempt = { count: 0, retries: 0 };
      const result = await attempt(sent, auth, send, seen);
      if (result === 'ignored') {
        options.logger.debug('response ignored by a response action', { method: hop.method, url: redactUrl(sent.url), status: seen.status });
        return 'ignored';
      }
      const { response } = result;
      const location = response.headers.get('location');
      if (REDIRECTS.has(response.status) && location) {
        if (++hops > MAX_REDIRECTS) throw fail('redirect', `more than ${MAX_REDIRECTS} redirects`, hop.method, sent.url, { status: response.status });
        const next = new URL(location, sent.url);
        if (carries && next.origin !== target.origin) {
          throw fail(
            'redirect',
            `refusing a redirect from ${redact(target.origin)} to ${redact(next.origin)}: the request carries credentials for ${redact(target.origin)}, and they are never sent to another origin; use the URL the redirect points to, or ask the API owner why it redirects`,
            hop.method,
            sent.url,
            { status: response.status },
          );
        }
        const toGet = response.status === 303 || ((response.status === 301 || response.status === 302) && hop.method === 'POST');
        hop = toGet ? { method: 'GET', url: next.toString(), headers: withoutContentType(hop.headers) } : { ...hop, url: next.toString() };
        continue;
      }
      return { hop: sent, response, size: result.size, seen, auth, exhausted: result.exhausted };
    }
  }

  // Created with the first request, once ky is loaded (loadKy.ts).
  let kyInstance: KyInstance | undefined;
  const createKy = (ky: typeof KyDefault): KyInstance =>
    ky.create({
      timeout: options.timeoutMs,
      throwHttpErrors: false,
      retry: {
        limit: options.retries.limit,
        methods: ['get', 'post', 'put', 'patch', 'delete'],
        statusCodes: [],
        afterStatusCodes: [],
        // The wait happens in beforeRetry (injectable sleep, Retry-After 0 / past date → backoff).
        delay: () => 0,
        retryOnTimeout: true,
        shouldRetry: ({ error }) => !(error instanceof Ignored || error instanceof SluiceError || isPermanentNetworkError(error)),
      },
    });

  return {
    async send(request, send = {}) {
      const { body, contentType } = encodeBody(request);
      let headers: Record<string, string> = { accept: 'application/json', ...request.headers };
      if (contentType !== undefined) headers = { 'content-type': contentType, ...headers };
      let hop: Hop = { method: request.method, url: requestUrl(request), headers, body };
      let reauthenticated = false;
      for (;;) {
        const final = await follow(hop, { credentialOrigin: base.origin, checkFirst: true, credentialed: false }, send);
        if (final === 'ignored') return undefined;
        const { response, seen, auth, size } = final;
        const { method, url } = final.hop;
        if (response.status === 401 && auth && seen.request) {
          if (!reauthenticated && (await auth.onUnauthorized?.(seen.request))) {
            reauthenticated = true;
            hop = final.hop;
            continue;
          }
          const why = reauthenticated ? 'the API rejected the freshly obtained credentials too' : 'the API rejected the credentials';
          throw fail('unauthorized', why, method, url, { status: 401, excerpt: excerpt(seen) });
        }
        if (final.exhausted) {
          const attempts = Math.max(seen.count, seen.retries + 1);
          const message = seen.action ? 'a response_actions rule said retry and no retry was left' : 'retryable status and no retry left';
          throw fail(seen.action ? 'response_action' : 'status', message, method, url, { status: seen.status, excerpt: excerpt(seen), attempts });
        }
        if (response.status < 200 || response.status >= 300) {
          throw fail('status', `HTTP ${response.status}`, method, url, { status: response.status, excerpt: excerpt(seen), attempts: seen.count });
        }
        const parsed = parseBody(seen.text ?? '', response.status);
        if (!parsed.ok) {
          const type = response.headers.get('content-type') ?? 'no content-type';
          throw fail('not_json', `the response body is not JSON (content-type: ${type})`, method, url, { status: response.status, excerpt: excerpt(seen) });
        }
        // Parsed, the text is garbage; `seen` stays reachable through ky's hooks as long as the options above.
        seen.text = undefined;
        progress.pageReceived = true;
        return { status: response.status, url: response.url || url, headers: response.headers, body: parsed.value, bytes: size };
      }
    },

    async post(request, { signal } = {}) {
      const hop: Hop = { method: 'POST', url: request.url, headers: { accept: 'application/json', ...request.headers }, body: request.body };
      const final = await follow(hop, { credentialOrigin: new URL(request.url).origin, checkFirst: false, credentialed: true }, { signal });
      // No response actions apply to a token request, so nothing is ever ignored.
      if (final === 'ignored') throw fail('response_action', 'the response was ignored', 'POST', request.url);
      return { status: final.response.status, headers: final.response.headers, text: final.seen.text ?? '' };
    },
  };
}

function formValue(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The body of a page request and its content type: JSON from `json`, a form from a `data` object, a `data` string as it is. */
function encodeBody(request: HttpRequest): { body: string | undefined; contentType: string | undefined } {
  if (typeof request.data === 'string') return { body: request.data, contentType: undefined };
  if (request.data !== undefined) {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(request.data)) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) value.forEach((v) => form.append(name, formValue(v)));
      else form.append(name, formValue(value));
    }
    return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  if (request.json !== undefined) return { body: JSON.stringify(request.json), contentType: 'application/json' };
  return { body: undefined, contentType: undefined };
}

/** Headers for a redirect that turned a POST into a GET: the body and its type are gone. */
function withoutContentType(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'));
}
