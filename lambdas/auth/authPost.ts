/**
 * One POST to a token or login endpoint, through the source's HTTP client
 * ({@link HttpClient.post}): the same timeouts over headers and body, retries,
 * `Retry-After` rules, body cap and deadline as page requests, and a redirect
 * to another origin refused rather than resent. Failures become an
 * {@link AuthError} with the status and the OAuth `error`/`error_description`,
 * redacted; the request body (which holds the credentials) is never quoted.
 */
import { AuthError, type AuthFailure } from '../errors/AuthError';
import { HttpError } from '../errors/HttpError';
import type { HttpClient } from '../http/HttpClient';
import { redactUrl } from '../http/redactUrl';
import { redact } from '../secrets/Redactor';
import type { AuthContext } from './AuthContext';

/** A JSON object (or form-encoded pairs, as some legacy token endpoints send). */
function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    if (!/^[\w.~%+-]+=/.test(text.trim())) return undefined;
    return Object.fromEntries(new URLSearchParams(text.trim()));
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? redact(value) : undefined;
}

/** Options of {@link authPost}. */
export interface AuthPostOptions {
  readonly url: string;
  /** Include the content type of `body` (a `URLSearchParams` body is sent form-encoded without one). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: URLSearchParams | string;
  /** What the endpoint is, for messages: `token endpoint`, `login endpoint`. */
  readonly what: string;
  /** The failure reason reported. */
  readonly reason: AuthFailure;
}

/** The client's failure, in the words of an auth failure; the cause kept. */
function authFailure(error: HttpError, options: AuthPostOptions): AuthError {
  const url = redactUrl(options.url);
  const context = { reason: options.reason, url, status: error.status };
  if (error.reason === 'timeout') return new AuthError(`the ${options.what} did not answer within ${timeoutOf(error)}, and no retry was left`, context, { cause: error });
  if (error.reason === 'network') {
    const root = (error.cause as (Error & { cause?: Error }) | undefined)?.cause ?? (error.cause as Error | undefined);
    return new AuthError(`network error reaching the ${options.what} (${redact(root?.message ?? error.detail)}), and no retry was left`, context, { cause: error });
  }
  return new AuthError(`the ${options.what} request failed: ${error.detail}`, context, { cause: error });
}

/**
 * POSTs and returns the response body as an object.
 * @throws AuthError on a refusal (status ≥ 400 after retries), a network error or timeout, a refused redirect, a body over the cap, or a body that is not an object
 * @throws RetryPastDeadlineError when a retry wait would outlast the invocation, RequestPastDeadlineError when the
 *   request was due inside the safety margin (the run continues later)
 */
export async function authPost(options: AuthPostOptions, ctx: AuthContext): Promise<Record<string, unknown>> {
  const url = redactUrl(options.url);
  const form = typeof options.body !== 'string';
  const headers = form ? { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', ...options.headers } : options.headers;
  let answer: Awaited<ReturnType<HttpClient['post']>>;
  try {
    answer = await ctx.http.post({ url: options.url, headers, body: options.body.toString() });
  } catch (error) {
    if (error instanceof HttpError) throw authFailure(error, options);
    throw error;
  }
  const parsed = parseObject(answer.text);
  if (answer.status >= 400) {
    throw new AuthError(`the ${options.what} refused the request`, {
      reason: options.reason,
      url,
      status: answer.status,
      error: text(parsed?.error),
      errorDescription: text(parsed?.error_description),
    });
  }
  if (!parsed) throw new AuthError(`the ${options.what} answered ${answer.status} with a body that is not a JSON object`, { reason: 'token_response', url, status: answer.status });
  return parsed;
}

/** The client's timeout as its message states it (`60000 ms`). */
function timeoutOf(error: HttpError): string {
  return /within (\d+ ms)/.exec(error.detail)?.[1] ?? 'the request timeout';
}
